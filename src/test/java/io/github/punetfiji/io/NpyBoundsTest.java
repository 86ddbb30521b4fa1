package io.github.punetfiji.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.model.PunetConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Untrusted array and model headers cost what the file really holds: a header declaring a huge array over a few
 * bytes is refused as truncated without allocating it; shapes that overflow and network sizes beyond what the
 * presets use are refused with a message, not an internal error.
 */
class NpyBoundsTest {
	/** A version-1 .npy whose header declares {@code shape} (int8) and whose data is {@code data} bytes. */
	static byte[] npy(String shape, int data) throws Exception {
		String header = "{'descr': '|i1', 'fortran_order': False, 'shape': (" + shape + "), }";
		while ((10 + header.length() + 1) % 64 != 0) header += " ";
		header += "\n";
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
		out.write(header.getBytes(StandardCharsets.ISO_8859_1));
		out.write(new byte[data]);
		return out.toByteArray();
	}

	@Test
	void aHugeDeclaredArrayOverAFewBytesIsTruncatedWithoutBeingAllocated() throws Exception {
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
		long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
		PunetException e = assertThrows(PunetException.class,
				() -> Npy.read(new ByteArrayInputStream(npy("1500000000,", 10)), "weights.npz/x.npy", Long.MAX_VALUE));
		long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
		assertTrue(e.getMessage().contains("is truncated") && e.getMessage().contains("found 10"), e.getMessage());
		assertTrue(allocated < 64 << 20, "allocated " + allocated + " bytes for a 1.5 GB declaration over 10 bytes");
	}

	@Test
	void overflowingShapesAreRefused() {
		PunetException e = assertThrows(PunetException.class,
				() -> Npy.read(new ByteArrayInputStream(npy("4294967296, 4294967296, 4294967296", 0)), "x.npy", Long.MAX_VALUE));
		assertTrue(e.getMessage().contains("is too large"), e.getMessage());
	}

	@Test
	void networkSizesAreRangeChecked() {
		PunetConfig c = PunetConfig.preset("tiny");
		PunetException wide = assertThrows(PunetException.class,
				() -> c.with("hidden_channels", List.of(8000L, 16L, 24L, 32L, 40L)).validate());
		assertTrue(wide.getMessage().startsWith("hidden_channels 8000 is outside the supported range"), wide.getMessage());
		PunetException big = assertThrows(PunetException.class,
				() -> c.with("patch_size_teacher", new int[] {100000, 100000, 1}).validate());
		assertTrue(big.getMessage().startsWith("patch_size_teacher 100000"), big.getMessage());
		PunetException wrapped = assertThrows(PunetException.class, () -> c.with("attention_heads", 4294967298L).validate());
		assertTrue(wrapped.getMessage().contains("must be an integer"), "2^32 + 2 is not 2 heads: " + wrapped.getMessage());
		for (String p : PunetConfig.PRESETS) PunetConfig.preset(p).validate();
	}
}
