package io.github.punetfiji.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad NIfTI input gives a {@link PunetException} naming the file and what was wrong. */
class NiftiErrorTest {
	@TempDir
	Path dir;

	private String failure(String name, byte[] bytes, String... expected) throws IOException {
		Path p = dir.resolve(name);
		Files.write(p, bytes);
		String m = assertThrows(PunetException.class, () -> Nifti.read(p)).getMessage();
		assertTrue(m.contains(p.toString()), m);
		for (String e : expected) assertTrue(m.contains(e), "'" + e + "' not in: " + m);
		return m;
	}

	private static byte[] zeros(NiftiBytes n, int bytes) {
		return n.file(new byte[bytes]);
	}

	@Test
	void fourDimensionalIsRefused() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(2, 2, 2, 3);
		failure("fmri.nii", zeros(n, 2 * 2 * 2 * 3 * 4), "4D", "[2, 2, 2, 3]");
	}

	@Test
	void complexRgbAndUnknownDatatypesAreRefused() throws IOException {
		int[][] cases = {{32, 64}, {128, 24}, {2304, 32}, {1792, 128}, {999, 8}};
		String[] names = {"complex64", "RGB24", "RGBA32", "complex128", "999"};
		for (int i = 0; i < cases.length; i++) {
			NiftiBytes n = new NiftiBytes().dims(2, 2, 1);
			n.datatype = (short) cases[i][0];
			n.bitpix = (short) cases[i][1];
			failure("t" + i + ".nii", zeros(n, 4 * 16), "datatype", names[i]);
		}
	}

	@Test
	void wrongMagicAndForeignHeadersAreRefused() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(2, 2, 1);
		n.magic = "xyz";
		failure("magic.nii", zeros(n, 16), "magic", "n+1");
		n.magic = "ni1";
		failure("pair.nii", zeros(n, 16), ".hdr");
		n = new NiftiBytes().dims(2, 2, 1);
		n.sizeofHdr = 540;
		failure("v2.nii", zeros(n, 16), "NIfTI-2");
		failure("text.nii", "hello, this is not an image at all".repeat(20).getBytes(), "not a NIfTI-1");
		failure("short.nii", new byte[100], "348");
		failure("onedim.nii", zeros(new NiftiBytes().dims(16), 64), "1D");
		failure("zero.nii", zeros(new NiftiBytes().dims(2, 0, 3), 64), "dim[2] = 0");
	}

	@Test
	void truncatedDataIsRefused() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(8, 8, 8);
		byte[] full = zeros(n, 8 * 8 * 8 * 4);
		failure("cut.nii", Arrays.copyOf(full, full.length - 100), "truncated");
	}

	@Test
	void truncatedGzipIsRefused() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(16, 16, 16);
		byte[] data = new byte[16 * 16 * 16 * 4];
		new java.util.Random(1).nextBytes(data); // incompressible, so that the cut lands in the voxel data
		byte[] gz = NiftiBytes.gzip(n.file(data));
		failure("cut.nii.gz", Arrays.copyOf(gz, gz.length / 2), "truncated");
		failure("cuthead.nii.gz", Arrays.copyOf(gz, 60), "truncated");
	}

	@Test
	void corruptGzipIsRefused() throws IOException {
		byte[] gz = NiftiBytes.gzip(new NiftiBytes().dims(4, 4, 4).file(new byte[256]));
		for (int i = 20; i < gz.length - 8; i++) gz[i] = (byte) 0xff;
		failure("bad.nii.gz", gz);
	}

	@Test
	void absurdSizesAreRefusedBeforeAllocation() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(30000, 30000, 30);
		failure("huge.nii", zeros(n, 64), "voxels");
		n = new NiftiBytes().dims(1000, 1000, 400);
		failure("big.nii", zeros(n, 64), "truncated or its header is wrong");
		failure("big.nii.gz", NiftiBytes.gzip(zeros(n, 64)), "truncated or its header is wrong");
	}

	@Test
	void missingFileIsNamed() {
		Path p = dir.resolve("nothing.nii.gz");
		String m = assertThrows(PunetException.class, () -> Nifti.read(p)).getMessage();
		assertTrue(m.contains("no such file") && m.contains("nothing.nii.gz"), m);
	}
}
