package io.github.punetfiji.model.runtime;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class path a child JVM needs to run this project's engine code: this JVM's own class path, plus the jars
 * that hold the project, DJL, its PyTorch engine, bridge and native library, and their dependencies, found
 * from their classes. In Fiji the plugin's classes come from a class loader, not {@code java.class.path}.
 */
final class ChildClasspath {
	private ChildClasspath() {}

	static String of(Class<?> main) {
		Set<String> entries = new LinkedHashSet<>();
		for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) if (!e.isEmpty()) entries.add(e);
		for (String c : new String[] {main.getName(), "ai.djl.engine.Engine", "ai.djl.pytorch.engine.PtEngine",
				"ai.djl.pytorch.jni.JniUtils", "com.google.gson.Gson", "org.slf4j.LoggerFactory", "com.sun.jna.Native",
				"org.apache.commons.compress.archivers.ArchiveEntry"}) {
			try {
				add(entries, Class.forName(c, false, main.getClassLoader()).getProtectionDomain().getCodeSource());
			} catch (ClassNotFoundException | LinkageError | SecurityException e) {
				// NB: not there: the child may not need it
			}
		}
		for (String r : new String[] {"native/lib/pytorch.properties", "jnilib/pytorch.properties"})
			addResource(entries, main.getClassLoader().getResource(r), r);
		return String.join(File.pathSeparator, entries);
	}

	private static void add(Set<String> entries, CodeSource cs) {
		if (cs == null || cs.getLocation() == null) return;
		try {
			entries.add(Paths.get(cs.getLocation().toURI()).toString());
		} catch (URISyntaxException | IllegalArgumentException e) {
			// NB: not a file location
		}
	}

	/** The jar (or folder) holding a resource. */
	private static void addResource(Set<String> entries, URL url, String name) {
		if (url == null) return;
		String s = url.toString();
		try {
			if (s.startsWith("jar:file:")) entries.add(Paths.get(new java.net.URI(s.substring(4, s.indexOf("!/")))).toString());
			else if (s.startsWith("file:")) entries.add(Paths.get(new java.net.URI(s.substring(0, s.length() - name.length()))).toString());
		} catch (URISyntaxException | IllegalArgumentException e) {
			// NB: not a file location
		}
	}
}
