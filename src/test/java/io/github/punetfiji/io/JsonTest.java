package io.github.punetfiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
	@Test
	void writesCompactJsonWithEscapes() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("file", "a \"b\"\\c\n\u0001é");
		m.put("dims", new long[] {3, 2, 1});
		m.put("spacing", new double[] {0.7, 1, 2.5});
		m.put("f", 0.7f);
		m.put("nan", Double.NaN);
		m.put("list", List.of(true, false));
		m.put("none", null);
		assertEquals("{\"file\":\"a \\\"b\\\"\\\\c\\n\\u0001é\",\"dims\":[3,2,1],\"spacing\":[0.7,1.0,2.5],\"f\":0.7,"
				+ "\"nan\":null,\"list\":[true,false],\"none\":null}", Json.write(m));
		assertEquals("1.0E-5", Json.write(1e-5));
		assertEquals("[3,3.0]", Json.write(List.of(3, 3.0)));
	}

	@Test
	void parsesWhatItWrites() {
		String text = " { \"a\" : [1, -2.5, 3e2, \"x\\u00e9\\n\\/\", true, null, {}], \"b\": {\"c\": []}, \"big\": 12345678901234567890 } ";
		Map<String, Object> m = Json.parseObject(text, "t.json");
		assertEquals(Arrays.asList(1L, -2.5, 300.0, "xé\n/", true, null, Map.of()), m.get("a"));
		assertEquals(Map.of("c", List.of()), m.get("b"));
		assertEquals(1.2345678901234567e19, (Double) m.get("big"), 1e4);
		assertEquals(m, Json.parseObject(Json.write(m), "again"));
	}

	@Test
	void errorsNameTheSourceAndPosition() {
		for (String bad : new String[] {"{\"a\":1,}", "[1 2]", "{\"a\" 1}", "\"open", "01", "tru", "{} x", "-", "[\"\t\"]", ""}) {
			PunetException e = assertThrows(PunetException.class, () -> Json.parse(bad, "model.json"), bad);
			assertTrue(e.getMessage().startsWith("model.json: invalid JSON at character"), e.getMessage());
		}
		assertThrows(PunetException.class, () -> Json.parse("[".repeat(10000), "deep"));
		assertThrows(PunetException.class, () -> Json.parseObject("[1]", "list"));
	}
}
