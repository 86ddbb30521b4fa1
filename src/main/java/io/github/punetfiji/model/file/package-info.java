/**
 * The model file and its metadata: {@link io.github.punetfiji.model.file.ModelFile} (the {@code .punet} zip:
 * {@code model.json} and {@code weights.npz}, a checkpoint's {@code training.npz}),
 * {@link io.github.punetfiji.model.file.ModelMetadata} ({@code model.json}), and
 * {@link io.github.punetfiji.model.file.PunetModel} (a network loaded from one, with its manager). Depends on the
 * network ({@code model}); the network does not depend on it.
 */
package io.github.punetfiji.model.file;
