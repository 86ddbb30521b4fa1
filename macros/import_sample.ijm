// PUNet for Fiji: import a NIfTI volume, report its size and voxel size, and export it again.
// Argument: "<input.nii.gz>|<output.nii.gz>". Headless Fiji:
//   ImageJ-linux64 --headless -batch macros/import_sample.ijm "sample-data/images/synth_000.nii.gz|/tmp/copy.nii.gz"
// Returns "width,height,slices".
args = split(getArgument(), "|");
if (args.length != 2)
	exit("usage: import_sample.ijm <input.nii.gz>|<output.nii.gz>");
setBatchMode(true);
run("Import NIfTI (PUNet)", "open=[" + args[0] + "]");
title = getTitle();
getDimensions(width, height, channels, slices, frames);
getVoxelSize(vw, vh, vd, unit);
print("PUNet imported " + title + ": " + width + "x" + height + "x" + slices + " voxels of " + vw + "x" + vh + "x" + vd + " " + unit);
run("Export NIfTI (PUNet)", "image=[" + title + "] save=[" + args[1] + "]");
close();
return "" + width + "," + height + "," + slices;
