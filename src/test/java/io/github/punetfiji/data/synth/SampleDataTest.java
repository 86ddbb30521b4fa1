package io.github.punetfiji.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Nifti;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.io.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.imglib2.Cursor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataTest {
	private static final int[] DIMS = {40, 40, 12};

	@Test
	void writesMatchedImagesLabelsAndMetadata(@TempDir Path dir) throws Exception {
		SampleData.Summary s = SampleData.write(dir, 2, 5, DIMS, "./punet sample-data --out x", 2);
		assertEquals(2, s.subjects());
		for (String name : new String[] {"synth_000", "synth_001"}) {
			Volume<?> image = Nifti.read(dir.resolve("images/" + name + ".nii.gz"));
			Volume<?> labels = Nifti.read(dir.resolve("labels/" + name + ".nii.gz"));
			assertEquals("int16", image.type().label);
			assertEquals("uint8", labels.type().label);
			assertArrayEquals(new long[] {40, 40, 12}, image.dims());
			assertArrayEquals(new double[] {6, 6, 12}, image.spacing(), 1e-6);
			assertArrayEquals(image.dims(), labels.dims());
			assertEquals(image.geometry(), labels.geometry());
			SyntheticSubject expected = new SyntheticAbdomen(40, 40, 12).generate(5, name.endsWith("0") ? 0 : 1);
			assertArrayEquals(expected.ct(), shorts(image));
			assertArrayEquals(expected.labels(), bytes(labels));
		}
		Map<String, Object> json = Json.parseObject(Files.readString(dir.resolve("labels.json")), "labels.json");
		assertEquals("background", json.get("0"));
		assertEquals("liver", json.get("1"));
		assertEquals("pancreas", json.get("8"));
		assertEquals("ct", json.get("intensity"));
		String readme = new String(Files.readAllBytes(dir.resolve("README.md")), StandardCharsets.UTF_8);
		assertTrue(readme.contains("./punet sample-data --out x"));
		assertTrue(readme.contains("| 1 | liver |"));
		assertTrue(!readme.contains("${"), "all placeholders filled");
		assertTrue(s.bytes() > 0 && s.voxels()[1] > 0);
	}

	@Test
	void orientationIsLps(@TempDir Path dir) {
		SyntheticSubject s = new SyntheticAbdomen(16, 16, 4).generate(1, 0);
		var g = SampleData.geometry(s);
		assertEquals(1, g.qformCode());
		assertArrayEquals(new float[] {-15f, 0, 0, 112.5f}, g.srow(0), 1e-4f);
		assertArrayEquals(new float[] {0, 0, 36f, -54f}, g.srow(2), 1e-4f);
	}

	@Test
	void refusesFoldersWithOtherImages(@TempDir Path dir) throws Exception {
		Files.createDirectories(dir.resolve("images"));
		Files.writeString(dir.resolve("images/patient.nii.gz"), "x");
		PunetException e = assertThrows(PunetException.class, () -> SampleData.write(dir, 1, 1, DIMS, "c", 1));
		assertTrue(e.getMessage().contains("patient.nii.gz"), e.getMessage());
		assertTrue(!Files.exists(dir.resolve("labels.json")));
	}

	private static short[] shorts(Volume<?> v) {
		short[] out = new short[(int) (v.dims()[0] * v.dims()[1] * v.dims()[2])];
		Cursor<? extends RealType<?>> c = Views.flatIterable(v.image()).cursor();
		for (int i = 0; c.hasNext(); i++) out[i] = (short) c.next().getRealDouble();
		return out;
	}

	private static byte[] bytes(Volume<?> v) {
		short[] s = shorts(v);
		byte[] out = new byte[s.length];
		for (int i = 0; i < s.length; i++) out[i] = (byte) s[i];
		return out;
	}
}
