package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * NIfTI-1 files: {@code .nii} and {@code .nii.gz} (gzip is recognised by content, not name), and on
 * read also {@code .hdr}/{@code .img} pairs. Reads 2D and 3D images ({@code dim[0]} 2 or 3, or up to 7
 * with trailing sizes of 1) of types uint8, int8, int16, uint16, int32, float32, float64 (uint32, int64,
 * uint64 become int32 when the values fit), either byte order; applies {@code scl_slope}/
 * {@code scl_inter} (the result is then float32); spacing from {@code pixdim} in mm. Writes little
 * endian, the image's own voxel type, with the volume's {@link NiftiGeometry}, atomically.
 *
 * <p>This small reader stands in for SCIFIO/Bio-Formats, which are not on Maven Central.
 */
public final class Nifti {
	/** Deflate cannot compress better than about 1032:1; a header claiming more data is refused. */
	private static final long MAX_DEFLATE_RATIO = 1032;

	private Nifti() {}

	/** Reads a NIfTI-1 image (a {@code .hdr}/{@code .img} pair by either name). */
	public static Volume<?> read(Path file) {
		Path header = headerOf(file);
		String what = header.toString();
		if (!Files.exists(header)) throw new PunetException("no such file: " + header);
		if (!Files.isRegularFile(header)) throw new PunetException(header + " is not a file");
		Path pair = pairedImage(header); // null for a single .nii file
		try (DataInputStream in = open(header)) {
			NiftiHeader h = readHeader(in, what, pair != null);
			long[] dims = dims(h, what);
			if (pair == null) {
				// NB: 0 is common
				float offset = h.voxOffset < NiftiHeader.SINGLE_FILE_OFFSET ? NiftiHeader.SINGLE_FILE_OFFSET : h.voxOffset;
				return volume(h, dims, readData(in, h, dims, header, NiftiHeader.SIZE, offset), header);
			}
			if (!Files.isRegularFile(pair)) throw new PunetException("no such file: " + pair + " (the image data of " + header + ")");
			try (DataInputStream data = open(pair)) {
				return volume(h, dims, readData(data, h, dims, pair, 0, h.voxOffset), header);
			}
		} catch (ZipException e) {
			throw new PunetException(what + " is not a valid gzip file (" + e.getMessage() + ")", e);
		} catch (EOFException e) {
			throw new PunetException(what + " is truncated: the voxel data ends early (a gzip file must be complete)", e);
		} catch (IOException e) {
			throw new PunetException("cannot read " + what + ": " + AtomicFiles.describe(e), e);
		}
	}

	private static NiftiHeader readHeader(DataInputStream in, String what, boolean pair) throws IOException {
		byte[] hb = new byte[NiftiHeader.SIZE];
		try {
			in.readFully(hb);
		} catch (EOFException e) {
			throw new PunetException(what + " is truncated or too short to be a NIfTI-1 file (the header alone is 348 bytes)");
		}
		NiftiHeader h = NiftiHeader.parse(hb, what);
		if (!pair && h.magic.equals("ni1")) {
			throw new PunetException(what + " is the header of a .hdr/.img pair (magic 'ni1'); name it .hdr, with its .img beside it");
		}
		return h;
	}

	/** The header file: the {@code .hdr} beside an {@code .img}, else the file itself. */
	private static Path headerOf(Path file) {
		String n = file.getFileName() == null ? "" : file.getFileName().toString();
		return n.toLowerCase().endsWith(".img") ? file.resolveSibling(n.substring(0, n.length() - 4) + ".hdr") : file;
	}

	/** The {@code .img} of a {@code .hdr}, {@code null} for a single file. */
	private static Path pairedImage(Path file) {
		String n = file.getFileName().toString();
		String lower = n.toLowerCase();
		if (lower.endsWith(".hdr")) return file.resolveSibling(n.substring(0, n.length() - 4) + ".img");
		if (lower.endsWith(".hdr.gz")) return file.resolveSibling(n.substring(0, n.length() - 7) + ".img.gz");
		return null;
	}

	private static DataInputStream open(Path file) throws IOException {
		InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		raw.mark(2);
		int b0 = raw.read();
		int b1 = raw.read();
		raw.reset();
		if (b0 == 0x1f && b1 == 0x8b) raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
		return new DataInputStream(raw);
	}

	/** {@code [x, y, z]} from {@code dim}, refusing 1D, 4D and invalid sizes. */
	private static long[] dims(NiftiHeader h, String what) {
		int n = h.dim[0];
		if (n < 1 || n > 7) throw new PunetException(what + " has an invalid NIfTI header (dim[0] = " + n + ", expected 2 to 7)");
		long[] all = new long[n];
		for (int i = 0; i < n; i++) {
			all[i] = h.dim[i + 1];
			if (all[i] < 1) throw new PunetException(what + " has an invalid NIfTI header (dim[" + (i + 1) + "] = " + all[i] + ")");
		}
		if (n == 1)
			throw new PunetException(what + " is a 1D image (dims " + Arrays.toString(all) + "); PUNet needs a 2D image or a 3D volume");
		for (int i = 3; i < n; i++) {
			if (all[i] > 1) {
				throw new PunetException(what + " is " + n + "D (dims " + Arrays.toString(all)
						+ "); PUNet needs a 2D image or a 3D volume: extract a single volume first");
			}
		}
		return new long[] {all[0], all[1], n == 2 ? 1 : all[2]};
	}

	private static ArrayImg<?, ?> readData(DataInputStream in, NiftiHeader h, long[] dims, Path file, long position, float voxOffset)
			throws IOException {
		String what = file.toString();
		int width = NiftiVoxels.bytesPerVoxel(h.datatype);
		if (width == 0) {
			throw new PunetException(what + " has NIfTI datatype " + NiftiHeader.datatypeName(h.datatype) + " (code " + h.datatype
					+ "), which is not supported; expected uint8, int8, int16, uint16, int32, float32 or float64 (one grey "
					+ "value per voxel)");
		}
		long voxels = dims[0] * dims[1] * dims[2];
		if (voxels > Integer.MAX_VALUE - 8)
			throw new PunetException(what + " has " + voxels + " voxels (dims " + Arrays.toString(dims) + "); at most 2^31 are supported");
		long bytes = voxels * width;
		if (!(voxOffset >= 0) || voxOffset > 1e15)
			throw new PunetException(what + " has an invalid NIfTI header (vox_offset = " + voxOffset + ")");
		long offset = (long) voxOffset;
		long available = Files.size(file);
		boolean gz = isGzip(file);
		if (gz ? bytes > available * MAX_DEFLATE_RATIO + (1 << 20) : offset + bytes > available) {
			throw new PunetException(what + " is truncated or its header is wrong: dims " + Arrays.toString(dims) + " of "
					+ NiftiHeader.datatypeName(h.datatype) + " need " + bytes + " bytes of voxel data, but the file has " + available
					+ " bytes" + (gz ? " (compressed)" : ""));
		}
		for (long skip = offset - position; skip > 0;) { // extensions between header and data
			int n = (int) Math.min(skip, 1 << 16);
			in.readFully(new byte[n]);
			skip -= n;
		}
		return NiftiVoxels.read(in, h.datatype, h.order, dims, what);
	}

	private static boolean isGzip(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return in.read() == 0x1f && in.read() == 0x8b;
		}
	}

	@SuppressWarnings({"rawtypes", "unchecked"})
	private static Volume<?> volume(NiftiHeader h, long[] dims, ArrayImg<?, ?> raw, Path file) {
		RandomAccessibleInterval img = raw;
		float slope = h.sclSlope;
		float inter = h.sclInter;
		if (slope != 0 && Float.isFinite(slope) && Float.isFinite(inter) && !(slope == 1 && inter == 0)) {
			img = scaled((RandomAccessibleInterval) raw, slope, inter);
		}
		NiftiGeometry g = new NiftiGeometry(h.dim[0] == 2 ? 2 : 3, h.qformCode, h.sformCode, h.quatern, h.qoffset, h.srow, h.xyztUnits,
				h.pixdim[0]);
		double[] spacing = new double[3];
		for (int d = 0; d < 3; d++) {
			double p = Math.abs(exact(h.pixdim[d + 1])) * g.mmPerUnit();
			spacing[d] = d == 2 && h.dim[0] == 2
					? 1
					: io.github.punetfiji.io.Notes.spacingOrOne(p, "xyz".substring(d, d + 1), file.toString());
		}
		return new Volume(img, spacing, ImageFiles.stem(file), file.toString(), g);
	}

	private static RandomAccessibleInterval<FloatType> scaled(RandomAccessibleInterval<? extends RealType<?>> raw, float slope,
			float inter) {
		ArrayImg<FloatType, ?> out = ArrayImgs.floats(raw.dimensionsAsLongArray());
		Cursor<? extends RealType<?>> c = Views.flatIterable(raw).cursor();
		for (FloatType o : out) o.setReal(c.next().getRealDouble() * slope + inter);
		return out;
	}

	/** The decimal value a float32 header field was written from (0.7f → 0.7, not 0.699999988). */
	static double exact(float f) {
		return Double.parseDouble(Float.toString(f));
	}

	/**
	 * Writes a volume as NIfTI-1, gzip-compressed when the name ends in {@code .gz}, atomically. The
	 * voxel type is the image's ({@link VoxelType#of}); orientation from {@link Volume#geometry()}.
	 */
	public static void write(Volume<?> volume, Path file) {
		String lower = file.getFileName().toString().toLowerCase();
		if (!lower.endsWith(".nii") && !lower.endsWith(".nii.gz")) {
			throw new PunetException("cannot write " + file + " as NIfTI: the name must end in .nii or .nii.gz");
		}
		VoxelType type = volume.type();
		byte[] header = header(volume, type).toBytes();
		AtomicFiles.write(file, out -> {
			if (lower.endsWith(".gz")) {
				GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
					{
						def.setLevel(Deflater.BEST_SPEED); // NB: as nibabel; label images still shrink ~100×
					}
				};
				gz.write(header);
				NiftiVoxels.write(volume.image(), type, gz);
				gz.finish();
			} else {
				out.write(header);
				NiftiVoxels.write(volume.image(), type, out);
			}
		});
	}

	private static NiftiHeader header(Volume<?> v, VoxelType type) {
		NiftiGeometry g = v.geometry();
		long[] dims = v.dims();
		for (long d : dims) {
			if (d > Short.MAX_VALUE) throw new PunetException("cannot write " + v.name() + " as NIfTI-1: size " + d + " exceeds 32767");
		}
		NiftiHeader h = new NiftiHeader();
		h.dim[0] = (short) (g.ndim() == 2 && dims[2] == 1 ? 2 : 3);
		for (int i = 1; i < 8; i++) h.dim[i] = (short) (i <= 3 ? dims[i - 1] : 1);
		h.datatype = (short) type.niftiCode;
		h.bitpix = (short) (8 * type.bytes);
		h.pixdim[0] = g.qfac();
		double[] s = v.spacing();
		for (int i = 1; i < 8; i++) h.pixdim[i] = i <= 3 ? (float) (s[i - 1] / g.mmPerUnit()) : 1f;
		h.voxOffset = NiftiHeader.SINGLE_FILE_OFFSET;
		h.sclSlope = 1f;
		h.sclInter = 0f;
		h.xyztUnits = g.xyztUnits();
		h.qformCode = (short) g.qformCode();
		h.sformCode = (short) g.sformCode();
		System.arraycopy(g.quatern(), 0, h.quatern, 0, 3);
		System.arraycopy(g.qoffset(), 0, h.qoffset, 0, 3);
		for (int i = 0; i < 3; i++) System.arraycopy(g.srow(i), 0, h.srow[i], 0, 4);
		return h;
	}
}
