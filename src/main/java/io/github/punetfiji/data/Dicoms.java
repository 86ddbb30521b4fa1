package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import ij.io.FileInfo;
import ij.io.ImageReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;

/**
 * DICOM: a single file (a 2D slice or a multi-frame volume), or a folder holding one series, sorted by slice
 * position along the slice normal (else by instance number), with the slice spacing taken from the positions.
 *
 * <p>What is ImageJ 1's and what is ours: the header is parsed here ({@link DicomHeader}), which refuses what
 * ImageJ would misread (compressed or deflated transfer syntaxes, 1-bit, colour, truncated pixel data); the pixels
 * of each frame are decoded by ImageJ 1's {@link ImageReader} (byte order, signed and unsigned 8/16/32 bit). NB:
 * ImageJ's own DICOM opener ({@code ij.plugin.DICOM}) is not used: for any rescale slope other than 1 it converts
 * the image with {@code IJ.run(imp, "32-bit", "")} and {@code "Multiply..."}; {@code IJ.run} first initialises
 * ImageJ's menus ({@code IJ.init} → {@code Menus.addMenuBar} → {@code java.awt.Menu}), which throws
 * {@code java.awt.HeadlessException} without a display. Here the modality rescale is applied
 * as pydicom's {@code apply_modality_lut} does, per slice: {@code stored * slope + intercept}, the stored value
 * being the whole allocated word, signed when Pixel Representation is 1 (as pydicom 2.3 and ImageJ read it;
 * Bits Stored is not applied). MONOCHROME1 is not inverted (as pydicom).
 *
 * <p>Voxel types: without a rescale 8-bit → uint8, 16-bit → uint16 (int16 when signed); with an integer rescale
 * (slope 1, integer intercept, e.g. CT's −1024) int16 when the values fit, else int32; otherwise, and for 32-bit
 * data, float32.
 */
public final class Dicoms {
	/** Largest DICOM file read (the pixels are held in memory once more as the volume). */
	static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

	private Dicoms() {}

	/** One decoded frame: stored values and its header (rescale, position). */
	private record Frame(int[] stored, float[] stored32, DicomHeader header, double position) {}

	/** Reads one DICOM file (a 2D slice or a multi-frame volume). */
	public static Volume<?> readFile(Path file) {
		if (!Files.isRegularFile(file)) throw new PunetException("no such file: " + file);
		List<Frame> frames = frames(file);
		DicomHeader h = frames.get(0).header();
		double z = frames.size() == 1 ? 1 : positiveOr(h.spacingBetweenSlices, h.sliceThickness);
		return volume(frames, z, ImageFiles.stem(file), file.toString());
	}

	/** Reads the DICOM series in a folder as one volume named after the folder. */
	public static Volume<?> readSeries(Path dir) {
		List<Path> files;
		try (Stream<Path> s = Files.list(dir)) {
			files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
					.collect(Collectors.toList());
		} catch (IOException e) {
			throw new PunetException("cannot list folder " + dir + ": " + e.getMessage(), e);
		}
		List<Path> dicoms = files.stream().filter(Dicoms::isDicom).toList();
		if (dicoms.isEmpty()) {
			throw new PunetException("folder " + dir + " holds no DICOM files (" + files.size()
					+ " files checked); expected a folder with one DICOM series, or a file: " + ImageFiles.SUPPORTED);
		}
		List<Frame> slices = new ArrayList<>();
		for (Path f : dicoms) {
			List<Frame> fr = frames(f);
			if (fr.size() > 1)
				throw new PunetException("folder " + dir + ": " + f.getFileName() + " holds " + fr.size()
						+ " frames; a series folder holds one slice per file");
			Frame s = fr.get(0);
			DicomHeader first = slices.isEmpty() ? s.header() : slices.get(0).header();
			if (s.header().rows != first.rows || s.header().cols != first.cols) {
				throw new PunetException("folder " + dir + " holds " + dicoms.size() + " DICOM files of different image sizes ("
						+ f.getFileName() + " is " + s.header().cols + "×" + s.header().rows + ", others " + first.cols + "×" + first.rows
						+ "); keep one series per folder");
			}
			if (!s.header().series.equals(first.series)) {
				throw new PunetException("folder " + dir + " holds more than one series (" + f.getFileName() + " belongs to "
						+ s.header().series + ", others to " + first.series + "); keep one series per folder");
			}
			slices.add(s);
		}
		boolean positioned = slices.stream().allMatch(s -> !Double.isNaN(s.position()));
		if (positioned) slices.sort(Comparator.comparingDouble(Frame::position));
		else slices.sort(Comparator.comparingInt(s -> s.header().instance));
		DicomHeader h = slices.get(0).header();
		double z = positiveOr(h.spacingBetweenSlices, h.sliceThickness);
		if (positioned && slices.size() > 1) {
			double[] gaps = new double[slices.size() - 1];
			for (int i = 0; i < gaps.length; i++) gaps[i] = slices.get(i + 1).position() - slices.get(i).position();
			Arrays.sort(gaps);
			if (gaps[0] < 1e-6)
				throw new PunetException("folder " + dir + " holds two slices at the same position; keep one series per folder");
			z = gaps[gaps.length / 2];
		}
		String name = dir.toAbsolutePath().normalize().getFileName().toString();
		return volume(slices, z, name, dir.toString());
	}

	/** The frames of one file, decoded by ImageJ's {@link ImageReader}. */
	private static List<Frame> frames(Path file) {
		byte[] bytes;
		try {
			long size = Files.size(file);
			if (size > MAX_FILE_BYTES)
				throw new PunetException(
						file + " is larger than 2 GB; PUNet reads DICOM files up to 2 GB (split the series into one file per slice)");
			bytes = Files.readAllBytes(file);
		} catch (IOException e) {
			throw new PunetException("cannot read " + file + ": " + e.getMessage(), e);
		}
		DicomHeader h = DicomHeader.parse(bytes, file.toString());
		FileInfo fi = new FileInfo();
		fi.width = h.cols;
		fi.height = h.rows;
		fi.intelByteOrder = !h.transferSyntax.equals(DicomHeader.EXPLICIT_BE);
		boolean signed = h.pixelRepresentation == 1;
		fi.fileType = switch (h.bitsAllocated) {
			case 8 -> FileInfo.GRAY8;
			case 16 -> signed ? FileInfo.GRAY16_SIGNED : FileInfo.GRAY16_UNSIGNED;
			default -> signed ? FileInfo.GRAY32_INT : FileInfo.GRAY32_UNSIGNED;
		};
		double position = Double.NaN;
		if (h.position != null && h.position.length == 3 && h.orientation != null && h.orientation.length == 6) {
			double[] r = h.orientation;
			double[] n = {r[1] * r[5] - r[2] * r[4], r[2] * r[3] - r[0] * r[5], r[0] * r[4] - r[1] * r[3]};
			position = n[0] * h.position[0] + n[1] * h.position[1] + n[2] * h.position[2];
		}
		List<Frame> frames = new ArrayList<>();
		int plane = h.rows * h.cols;
		InputStream in = new ByteArrayInputStream(bytes, h.pixelOffset, bytes.length - h.pixelOffset);
		for (int f = 0; f < h.frames; f++) {
			Object pixels = Headless.call(() -> new ImageReader(fi).readPixels(in)).value; // NB: lengths checked: no EOF to report
			if (pixels == null) throw new PunetException(file + ": ImageJ could not decode frame " + (f + 1) + " of " + h.frames);
			if (pixels instanceof float[] fl) {
				frames.add(new Frame(null, fl, h, position + f));
				continue;
			}
			int[] stored = new int[plane];
			for (int i = 0; i < plane; i++) {
				if (pixels instanceof byte[] by) stored[i] = signed ? by[i] : by[i] & 0xFF;
				else stored[i] = (((short[]) pixels)[i] & 0xFFFF) - (signed ? 32768 : 0); // NB: ImageJ adds 32768 to signed 16-bit values
			}
			frames.add(new Frame(stored, null, h, position + f));
		}
		return frames;
	}

	@SuppressWarnings({"rawtypes", "unchecked"})
	private static Volume<?> volume(List<Frame> frames, double z, String name, String source) {
		DicomHeader h = frames.get(0).header();
		int plane = h.rows * h.cols;
		int d = frames.size();
		if ((long) plane * d > Integer.MAX_VALUE - 8)
			throw new PunetException(source + " is too large (" + h.cols + "×" + h.rows + "×" + d + " voxels)");
		long[] dims = {h.cols, h.rows, d};
		boolean float32 = frames.stream().anyMatch(f -> f.stored32() != null);
		boolean rescaled = frames.stream().anyMatch(f -> f.header().slope != 1 || f.header().intercept != 0);
		boolean integral = frames.stream().allMatch(f -> f.header().slope == 1 && f.header().intercept == Math.rint(f.header().intercept));
		RandomAccessibleInterval img;
		if (float32 || !integral) {
			float[] a = new float[plane * d];
			for (int k = 0; k < d; k++) {
				Frame f = frames.get(k);
				double s = f.header().slope, c = f.header().intercept;
				for (int i = 0; i < plane; i++)
					a[k * plane + i] = (float) ((f.stored32() != null ? f.stored32()[i] : f.stored()[i]) * s + c);
			}
			img = ArrayImgs.floats(a, dims);
		} else {
			long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
			for (Frame f : frames) {
				long c = (long) f.header().intercept;
				for (int v : f.stored()) {
					lo = Math.min(lo, v + c);
					hi = Math.max(hi, v + c);
				}
			}
			boolean signed = h.pixelRepresentation == 1;
			if (!rescaled && !signed && h.bitsAllocated == 8) {
				byte[] a = new byte[plane * d];
				for (int k = 0; k < d; k++) for (int i = 0; i < plane; i++) a[k * plane + i] = (byte) frames.get(k).stored()[i];
				img = ArrayImgs.unsignedBytes(a, dims);
			} else if (!rescaled && !signed && hi <= 0xFFFF) {
				short[] a = new short[plane * d];
				for (int k = 0; k < d; k++) for (int i = 0; i < plane; i++) a[k * plane + i] = (short) frames.get(k).stored()[i];
				img = ArrayImgs.unsignedShorts(a, dims);
			} else if (lo >= Short.MIN_VALUE && hi <= Short.MAX_VALUE) {
				short[] a = new short[plane * d];
				for (int k = 0; k < d; k++) {
					int c = (int) frames.get(k).header().intercept;
					for (int i = 0; i < plane; i++) a[k * plane + i] = (short) (frames.get(k).stored()[i] + c);
				}
				img = ArrayImgs.shorts(a, dims);
			} else {
				int[] a = new int[plane * d];
				for (int k = 0; k < d; k++) {
					long c = (long) frames.get(k).header().intercept;
					for (int i = 0; i < plane; i++)
						a[k * plane + i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, frames.get(k).stored()[i] + c));
				}
				img = ArrayImgs.ints(a, dims);
			}
		}
		double[] ps = h.pixelSpacing;
		double sx = io.github.punetfiji.io.Notes.spacingOrOne(ps != null && ps.length >= 2 ? ps[1] : Double.NaN, "x", source);
		double sy = io.github.punetfiji.io.Notes.spacingOrOne(ps != null && ps.length >= 2 ? ps[0] : Double.NaN, "y", source);
		return new Volume(img, new double[] {sx, sy, d == 1 ? 1 : io.github.punetfiji.io.Notes.spacingOrOne(z, "z", source)}, name, source,
				NiftiGeometry.UNKNOWN);
	}

	/** {@code v} when positive and finite, else {@code fallback} (whose validity the caller checks). */
	private static double positiveOr(double v, double fallback) {
		return v > 0 && Double.isFinite(v) ? v : fallback;
	}

	/** Whether a file is DICOM: "DICM" at byte 128, or a {@code .dcm} name. */
	static boolean isDicom(Path file) {
		return file.getFileName().toString().toLowerCase().endsWith(".dcm") || hasDicomMarker(file);
	}

	private static boolean hasDicomMarker(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return DicomHeader.hasMarker(in.readNBytes(132));
		} catch (IOException e) {
			return false;
		}
	}
}
