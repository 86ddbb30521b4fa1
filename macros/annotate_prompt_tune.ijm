// Annotate → prompt-tune → see: outlines a structure on a few slices (ovals here; in practice freehand or polygon
// outlines), adds them to the ROI Manager, prompt-tunes a pre-trained model to it and shows it on the image; then adds
// more outlines and runs again, which continues from the first result.
// Argument: "image.nii.gz|model.punet|output folder|class index|slices of run 1;more slices for run 2;…" (slices from 1)
args = split(getArgument(), "|");
setBatchMode(true);
run("Import NIfTI (PUNet)", "open=[" + args[0] + "]");
roiManager("reset");
runs = split(args[4], ";");
for (r = 0; r < runs.length; r++) {
	slices = split(runs[r], ",");
	for (i = 0; i < slices.length; i++) {
		setSlice(parseInt(slices[i]));
		makeOval(getWidth() / 4, getHeight() / 4, getWidth() / 3, getHeight() / 3);
		roiManager("add");
	}
	run("Select None");
	setSlice(2);
	run("Prompt-tune from Annotations (PUNet)", "image=[" + getTitle() + "] model=[" + args[1] + "] class_index=" + args[3]
		+ " class_name=structure out=[" + args[2] + "] steps=2 batch_size=2 device=cpu threads=0");
	print("run " + (r + 1) + ": overlay " + Overlay.size + " on slice " + getSliceNumber());
}
