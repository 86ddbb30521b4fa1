// PUNet for Fiji: segment every NIfTI image of a folder with a PUNet model, one by one, and save
// <out>/<name>_labels.nii.gz for each (the "Segment Folder (PUNet)" command does the same in one call).
// Argument: "<model.punet>|<image folder>|<output folder>". Headless Fiji:
//   ImageJ-linux64 --headless -batch macros/segment_folder.ijm "model.punet|sample-data/images|/tmp/labels"
// Returns the number of images segmented; a failing command stops the macro with its message.
args = split(getArgument(), "|");
if (args.length != 3)
	exit("usage: segment_folder.ijm <model.punet>|<image folder>|<output folder>");
model = args[0];
dir = args[1];
out = args[2];
setBatchMode(true);
File.makeDirectory(out);
list = getFileList(dir);
n = 0;
for (i = 0; i < list.length; i++) {
	if (endsWith(list[i], ".nii.gz") || endsWith(list[i], ".nii")) {
		run("Import NIfTI (PUNet)", "open=[" + dir + File.separator + list[i] + "]");
		image = getTitle();
		run("Segment Image (PUNet)", "image=[" + image + "] ckpt=[" + model + "] sliding_window_overlap=0.5 intensity=model device=auto threads=0");
		selectImage(image + "_labels");
		run("Export NIfTI (PUNet)", "image=[" + image + "_labels] save=[" + out + File.separator + image + "_labels.nii.gz]");
		close("*");
		n++;
	}
}
print("PUNet segmented " + n + " images into " + out);
return "" + n;
