package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import io.github.punetfiji.data.Volume;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.Test;

/** The structure overlay: one translucent image per slice holding the structure, replacing its earlier overlay only. */
class StructureOverlayTest {
	@Test
	void oneImagePerSliceWithTheStructureAndTheUsersOwnOverlayKept() {
		ImagePlus imp = Images.toImagePlus(new Volume<>(ArrayImgs.floats(12, 10, 5), new double[] {1, 1, 1}, "ct"));
		imp.setSlice(3);
		Overlay mine = new Overlay(new Roi(1, 1, 2, 2));
		mine.get(0).setName("my outline");
		imp.setOverlay(mine);
		ArrayImg<UnsignedByteType, ?> labels = ArrayImgs.unsignedBytes(12, 10, 5);
		labels.randomAccess().setPositionAndGet(4, 5, 1).set(4); // slice 2 (ImageJ counts from 1)
		labels.randomAccess().setPositionAndGet(6, 2, 3).set(4); // slice 4
		Volume<UnsignedByteType> v = new Volume<>(labels, new double[] {1, 1, 1}, "labels");

		assertEquals(2, StructureOverlay.show(imp, v, 4, "kidney_right"));
		assertEquals(3, imp.getCurrentSlice(), "the slice shown stays");
		Overlay o = imp.getOverlay();
		assertEquals(3, o.size(), "the user's outline and two slices");
		assertEquals("my outline", o.get(0).getName());
		for (int i = 1; i < 3; i++) {
			Roi r = o.get(i);
			assertTrue(r instanceof ImageRoi, r.toString());
			assertEquals("PUNet: kidney_right", r.getName());
			assertEquals(i == 1 ? 2 : 4, r.getPosition());
			ij.process.ImageProcessor p = ((ImageRoi) r).getProcessor();
			assertTrue((i == 1 ? p.get(4, 5) : p.get(6, 2)) != 0, "the structure's pixel is coloured");
			assertEquals(0, p.get(0, 0), "the rest is transparent");
		}
		// a second result replaces the first, and an empty one removes it
		assertEquals(0, StructureOverlay.show(imp, new Volume<>(ArrayImgs.unsignedBytes(12, 10, 5), new double[] {1, 1, 1}, "none"), 4,
				"kidney_right"));
		assertEquals(1, imp.getOverlay().size());
	}
}
