package io.github.punetfiji.model.file;

import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.file.BoundedInputStream;
import io.github.punetfiji.model.file.PunetModel;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.AtomicFiles;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.io.NpyArray;
import io.github.punetfiji.io.Npz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The content of a {@code .punet} model file: a zip with two entries (a checkpoint adds a third, {@code training.npz}:
 * the trainer's state, read only by the trainer), {@code model.json}
 * ({@link ModelMetadata}) and {@code weights.npz} (the reference's {@code state_dict}, buffers included,
 * under its PyTorch names, so {@code numpy.load} + {@code torch.from_numpy} loads it into the Python
 * reference with {@code strict=True}).
 *
 * <p>Writing is atomic and gives the same bytes for the same content (fixed entry times;
 * {@code weights.npz} is stored, its arrays are deflated). Reading only parses JSON and {@code .npy}
 * data, never deserialises objects, and refuses, with a message naming the file: a missing, empty,
 * non-zip, truncated or damaged file; a foreign zip; a newer {@code format_version}; entries with a
 * path ({@code ../x}, {@code /x}, {@code dir/x}) or given twice; entries beyond the size bounds
 * (counted while inflating, so a zip bomb stops at the bound). Other top-level entries are ignored
 * (never inflated) so that a later version of format 1 may add optional content.
 */
public final class ModelFile {
	public static final String EXTENSION = ".punet";
	public static final String MODEL_JSON = "model.json";
	public static final String WEIGHTS = "weights.npz";
	/** Optional training state of a checkpoint (EMA teacher, optimizer, step): read by the trainer only. */
	public static final String TRAINING = "training.npz";
	/** Largest {@code model.json} accepted (uncompressed). */
	public static final long MAX_JSON_BYTES = 16L << 20;
	/** Largest {@code weights.npz} accepted, and largest total of its arrays (uncompressed). */
	public static final long MAX_WEIGHTS_BYTES = 2L << 30;
	static final int MAX_ENTRIES = 1000;
	private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

	private final ModelMetadata metadata;
	private final Map<String, NpyArray> weights;
	private final Map<String, NpyArray> training;

	/** @param weights reference {@code state_dict} names to arrays (kept in order) */
	public ModelFile(ModelMetadata metadata, Map<String, NpyArray> weights) {
		this(metadata, weights, null);
	}

	/** A checkpoint: a model file that also carries the trainer's state ({@link #TRAINING}). */
	public ModelFile(ModelMetadata metadata, Map<String, NpyArray> weights, Map<String, NpyArray> training) {
		this.metadata = metadata;
		this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
		this.training = training == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(training));
	}

	/** The training state of a checkpoint, or null for a plain model file. */
	public Map<String, NpyArray> training() {
		return training;
	}

	public ModelMetadata metadata() {
		return metadata;
	}

	/** The {@code state_dict} arrays by reference name. */
	public Map<String, NpyArray> weights() {
		return weights;
	}

	/** Writes the file atomically (a failure leaves no partial file and the old file untouched). */
	public void write(Path file) {
		AtomicFiles.write(file, out -> {
			write(out);
			out.flush();
		});
	}

	/** Writes the zip to a stream (finished, not closed). */
	public void write(OutputStream out) throws IOException {
		ZipOutputStream zout = new ZipOutputStream(out);
		ZipEntry json = new ZipEntry(MODEL_JSON);
		json.setTimeLocal(ENTRY_TIME);
		zout.putNextEntry(json);
		zout.write(metadataJson().getBytes(StandardCharsets.UTF_8));
		zout.closeEntry();
		byte[] npz = weightsNpz();
		ZipEntry w = new ZipEntry(WEIGHTS);
		w.setTimeLocal(ENTRY_TIME);
		w.setMethod(ZipEntry.STORED); // NB: its arrays are deflated already.
		w.setSize(npz.length);
		w.setCompressedSize(npz.length);
		CRC32 crc = new CRC32();
		crc.update(npz);
		w.setCrc(crc.getValue());
		zout.putNextEntry(w);
		zout.write(npz);
		zout.closeEntry();
		if (training != null) {
			ZipEntry t = new ZipEntry(TRAINING);
			t.setTimeLocal(ENTRY_TIME);
			zout.putNextEntry(t);
			Npz.write(zout, training);
			zout.closeEntry();
		}
		zout.finish();
	}

	/** The {@code model.json} text. */
	public String metadataJson() {
		return Json.writePretty(metadata.toJson(), 1);
	}

	/** The {@code weights.npz} bytes. */
	public byte[] weightsNpz() throws IOException {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		Npz.write(b, weights);
		return b.toByteArray();
	}

	/**
	 * Reads and checks a model file (metadata and arrays; whether the arrays fit the config is checked
	 * when a network is built from them, see {@link PunetModel}).
	 *
	 * @throws PunetException naming the file and saying what to do
	 */
	public static ModelFile read(Path file) {
		String name = file.toString();
		checkZipMagic(file);
		try (ZipFile zip = new ZipFile(file.toFile())) {
			ZipEntry json = null;
			ZipEntry weights = null;
			ZipEntry training = null;
			StringBuilder seen = new StringBuilder();
			int count = 0;
			for (ZipEntry e : Collections.list(zip.entries())) {
				if (++count > MAX_ENTRIES)
					throw new PunetException(name + " has more than " + MAX_ENTRIES + " entries; it is not a .punet model file");
				checkEntryName(e.getName(), name);
				if (seen.length() < 200) seen.append(seen.length() == 0 ? "" : ", ").append(e.getName());
				if (e.getName().equals(MODEL_JSON)) json = unique(json, e, name);
				else if (e.getName().equals(WEIGHTS)) weights = unique(weights, e, name);
				else if (e.getName().equals(TRAINING)) training = unique(training, e, name);
			}
			if (json == null && weights == null) {
				throw new PunetException(name + " is not a PUNet model file (a zip without " + MODEL_JSON + " and " + WEIGHTS
						+ "; it holds " + (count == 0 ? "nothing" : seen)
						+ "); choose a .punet file written by PUNet for Fiji or build one with ./punet convert");
			}
			if (json == null || weights == null) {
				throw new PunetException(name + " is incomplete: it has no " + (json == null ? MODEL_JSON : WEIGHTS)
						+ "; export or convert the model again");
			}
			ModelMetadata metadata = ModelMetadata.fromJson(readJson(zip, json, name), name);
			Map<String, NpyArray> arrays;
			try (InputStream in = new BoundedInputStream(zip.getInputStream(weights), MAX_WEIGHTS_BYTES, name + ": " + WEIGHTS)) {
				arrays = Npz.read(in, name + ": " + WEIGHTS, MAX_WEIGHTS_BYTES);
			}
			Map<String, NpyArray> state = null;
			if (training != null) {
				try (InputStream in = new BoundedInputStream(zip.getInputStream(training), 2 * MAX_WEIGHTS_BYTES, name + ": " + TRAINING)) {
					state = Npz.read(in, name + ": " + TRAINING, 2 * MAX_WEIGHTS_BYTES);
				}
			}
			return new ModelFile(metadata, arrays, state);
		} catch (java.util.zip.ZipException | java.io.EOFException e) {
			throw new PunetException(name + " is truncated or damaged (" + e.getMessage() + "); copy it again or export the model again",
					e);
		} catch (IllegalArgumentException e) {
			// NB: java.util.zip's answer to an entry name that is not valid UTF-8
			throw new PunetException(
					name + " is damaged (a zip entry name: " + e.getMessage() + "); copy it again or export the model again", e);
		} catch (IOException e) {
			throw new PunetException("cannot read " + name + ": " + AtomicFiles.describe(e), e);
		}
	}

	private static void checkZipMagic(Path file) {
		String name = file.toString();
		if (Files.isDirectory(file)) throw new PunetException(name + " is a folder, not a .punet model file");
		if (!Files.isRegularFile(file)) throw new PunetException("no such file: " + name);
		byte[] head = new byte[4];
		int n;
		try (InputStream in = Files.newInputStream(file)) {
			n = in.readNBytes(head, 0, 4);
		} catch (IOException e) {
			throw new PunetException("cannot read " + name + ": " + AtomicFiles.describe(e), e);
		}
		if (n == 0) throw new PunetException(name + " is empty; it is not a .punet model file (was its writing interrupted?)");
		boolean zip = n == 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6);
		if (!zip) {
			throw new PunetException(name
					+ " is not a .punet model file (not a zip archive); choose a file written by PUNet for Fiji or build one "
					+ "with ./punet convert");
		}
	}

	static void checkEntryName(String entry, String name) {
		if (entry.isEmpty() || entry.contains("/") || entry.contains("\\") || entry.contains("..") || entry.contains(":")
				|| entry.indexOf('\0') >= 0) {
			throw new PunetException(name + ": refusing zip entry '" + entry + "' (a .punet file holds only " + MODEL_JSON + " and "
					+ WEIGHTS + " at its top level, without paths); it is not a model file written by PUNet for Fiji");
		}
	}

	private static ZipEntry unique(ZipEntry previous, ZipEntry e, String name) {
		if (previous != null) throw new PunetException(name + " holds " + e.getName() + " twice; it is damaged or was tampered with");
		return e;
	}

	private static Map<String, Object> readJson(ZipFile zip, ZipEntry e, String name) throws IOException {
		String what = name + ": " + MODEL_JSON;
		if (e.getSize() > MAX_JSON_BYTES) throw tooLarge(what, MAX_JSON_BYTES);
		byte[] bytes;
		try (InputStream in = new BoundedInputStream(zip.getInputStream(e), MAX_JSON_BYTES, what)) {
			bytes = in.readAllBytes();
		}
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
		} catch (java.nio.charset.CharacterCodingException x) {
			throw new PunetException(what + " is not UTF-8 text; the file is damaged or not a PUNet model file");
		}
		try {
			return Json.parseObject(text);
		} catch (PunetException x) {
			throw new PunetException(
					what + " is not a valid JSON object (" + x.getMessage() + "); the file is damaged or not a PUNet model file");
		}
	}

	static PunetException tooLarge(String what, long limit) {
		return new PunetException(
				what + " is larger than " + (limit >> 20) + " MB uncompressed; refusing it (damaged, foreign or a zip bomb)");
	}
}
