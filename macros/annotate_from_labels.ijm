// Annotate → prompt-tune → see, with outlines drawn from a reference label image instead of by hand (as the issue's
// acceptance run does): opens a volume and its label image, outlines one class on N slices spread over where it is
// (one ROI per slice in the ROI Manager, as a user would draw them), prompt-tunes a pre-trained model to it and shows
// the result on the volume. A blank model means the pre-trained body bundled with the plugin.
// Argument: "image.nii.gz|labels.nii.gz|model.punet or -|output folder|class index|number of slices|steps" (- = the bundled body;
// split() drops empty fields, so a blank model is written as -)
args = split(getArgument(), "|");
image = args[0]; labels = args[1]; model = args[2]; out = args[3];
if (model == "-") model = "";
k = parseInt(args[4]); n = parseInt(args[5]); steps = args[6];
setBatchMode(true);
run("Import NIfTI (PUNet)", "open=[" + labels + "]");
lab = getTitle();
shows = newArray(nSlices);
count = 0;
for (z = 1; z <= nSlices; z++) {
	setSlice(z);
	setThreshold(k, k);
	getStatistics(area, mean, min, max);
	run("Create Selection");
	if (selectionType() != -1) { shows[count] = z; count++; }
	run("Select None");
}
if (count == 0) exit("class " + k + " is on no slice of " + labels);
run("Import NIfTI (PUNet)", "open=[" + image + "]");
img = getTitle();
roiManager("reset");
chosen = "";
for (i = 0; i < n; i++) {
	z = shows[floor((i + 0.5) * count / n)];
	selectImage(lab);
	setSlice(z);
	setThreshold(k, k);
	run("Create Selection");
	selectImage(img);
	setSlice(z);
	run("Restore Selection");
	roiManager("add");
	chosen = chosen + z + " ";
}
run("Select None");
selectImage(lab);
close();
selectImage(img);
setSlice(shows[floor(count / 2)]);
print("outlined class " + k + " on slices " + chosen + "(" + count + " slices show it)");
run("Prompt-tune from Annotations (PUNet)", "image=[" + img + "] model=[" + model + "] class_index=" + k
	+ " class_name=[class " + k + "] out=[" + out + "] steps=" + steps + " device=cpu threads=0");
print("overlay elements: " + Overlay.size + ", shown at slice " + getSliceNumber());
