package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Line;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Volume;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.Test;

/** ROIs and label images become the sparse annotation: 1 inside, 0 outside on annotated slices, 255 elsewhere. */
class AnnotationsTest {
	private static final double[] SPACING = {1, 1, 1};

	private static ImagePlus stack(int slices) {
		ImageStack s = new ImageStack(4, 3);
		for (int z = 0; z < slices; z++) s.addSlice(new ByteProcessor(4, 3));
		return new ImagePlus("stack", s);
	}

	private static byte[] values(Volume<UnsignedByteType> v) {
		byte[] out = new byte[(int) (v.dims()[0] * v.dims()[1] * v.dims()[2])];
		int i = 0;
		for (UnsignedByteType t : net.imglib2.view.Views.flatIterable(v.image())) out[i++] = (byte) t.get();
		return out;
	}

	@Test
	void aRoiAnnotatesItsSliceAndNamedSlicesAreBackground() {
		Roi roi = new Roi(1, 1, 2, 1);
		roi.setPosition(2);
		byte[] v = values(Annotations.fromRois(stack(3), new Roi[] {roi}, new int[] {3}, SPACING));
		byte u = (byte) 255;
		assertArrayEquals(
				new byte[] {u, u, u, u, u, u, u, u, u, u, u, u, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, v);
	}

	@Test
	void badRoisAreOneMessageEach() {
		Roi none = new Roi(0, 0, 2, 2);
		none.setName("kidney");
		assertEquals("ROI 'kidney' belongs to no slice; add each outline to the ROI Manager while its slice is shown",
				assertThrows(PunetException.class, () -> Annotations.fromRois(stack(3), new Roi[] {none}, new int[0], SPACING))
						.getMessage());
		Roi far = new Roi(0, 0, 2, 2);
		far.setPosition(9);
		assertEquals("ROI Rectangle is on slice 9, but stack has 3; add each outline to the ROI Manager while its slice is shown",
				assertThrows(PunetException.class, () -> Annotations.fromRois(stack(3), new Roi[] {far}, new int[0], SPACING))
						.getMessage());
		assertEquals(
				"ROI Straight Line is a straight line selection; outline the structure with area selections (rectangle, oval, polygon, "
						+ "freehand, brush)",
				assertThrows(PunetException.class,
						() -> Annotations.fromRois(stack(3), new Roi[] {new Line(0, 0, 3, 2)}, new int[0], SPACING)).getMessage());
		assertEquals("background_slices: slice 4 is outside 1–3 of stack",
				assertThrows(PunetException.class, () -> Annotations.fromRois(stack(3), new Roi[0], new int[] {4}, SPACING)).getMessage());
	}

	@Test
	void aLabelImageAnnotatesTheSlicesThatShowTheStructure() {
		byte[] l = new byte[2 * 2 * 3];
		l[5] = 4; // slice 2
		Volume<?> labels = new Volume<>(ArrayImgs.unsignedBytes(l, 2, 2, 3), SPACING, "labels");
		byte u = (byte) 255;
		assertArrayEquals(new byte[] {u, u, u, u, 0, 1, 0, 0, u, u, u, u}, values(Annotations.fromLabels(labels, new int[0])));
		byte[] binary = new byte[2 * 2 * 3];
		binary[5] = u;
		Volume<?> mask = new Volume<>(ArrayImgs.unsignedBytes(binary, 2, 2, 3), SPACING, "mask");
		assertEquals(
				"the label image mask marks no voxel of the structure (255 means 'not annotated'; for an ImageJ binary mask, mark the "
						+ "structure "
						+ "with 1: Process › Math › Divide… by 255)",
				assertThrows(PunetException.class, () -> Annotations.fromLabels(mask, new int[0])).getMessage());
	}
}
