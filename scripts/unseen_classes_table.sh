#!/bin/bash
# Issue 14 three-class table, defaults only: prompt tuning (PT) vs full fine-tuning (FT) from BODY,
# trained on the two labelled subjects of the demo's split (synth_000-005 in the folder, --num_annotated 2),
# scored on the held-out synth_006/007. Usage: scripts/unseen_classes_table.sh BODY STEPS OUTROOT [sparse]
# With "sparse" each class is annotated on 5 slices per subject only (--annotated_slices): evenly over the organ's z
# extent in synth_000/001 (spleen 14-37, kidney_right 2-29, pancreas 16-25), what a user outlining it would pick.
# PUNET_FLAGS adds flags to every fit and test (e.g. PUNET_FLAGS="--threads 1" to run two tables side by side);
# CLASSES picks the classes (default "4 2 8"; two runs with different CLASSES may share an OUTROOT); SEED the seed of
# every fit (default 1).
set -euo pipefail
body=$(realpath "$1"); steps=$2; root=$(realpath -m "$3"); sparse=${4:-}; cd "$(dirname "$0")/.."
declare -A slices=([2]="15 20 25 30 35" [4]="4 10 16 22 28" [8]="17 19 21 23 25")
mkdir -p $root/train/images $root/train/labels $root/test/images $root/test/labels
for s in 000 001 002 003 004 005; do ln -sf $PWD/sample-data/images/synth_$s.nii.gz $root/train/images/; ln -sf $PWD/sample-data/labels/synth_$s.nii.gz $root/train/labels/; done
for s in 006 007; do ln -sf $PWD/sample-data/images/synth_$s.nii.gz $root/test/images/; ln -sf $PWD/sample-data/labels/synth_$s.nii.gz $root/test/labels/; done
for c in ${CLASSES:-4 2 8}; do
  for m in pt ft; do
    flags="--downstream --selective_freezing"; [ $m = ft ] && flags="--downstream"
    [ "$sparse" = sparse ] && flags="$flags --annotated_slices ${slices[$c]}"
    out=$root/${m}_c$c
    [ -f $out/model.punet ] || /usr/bin/time -f "wall %e" ./punet --mode fit $flags --ckpt $body --dir_images $root/train/images --dir_masks $root/train/labels \
      --out $out --overwrite --label_indices_downstream_active $c --num_annotated 2 --max_steps $steps --seed ${SEED:-1} ${PUNET_FLAGS:-} > $out.log 2>&1
    rm -rf $root/test_${m}_c$c; ./punet --mode test --ckpt $out/model.punet --dir_images $root/test/images --dir_masks $root/test/labels --out $root/test_${m}_c$c \
      --label_indices_downstream_active $c ${PUNET_FLAGS:-} > $root/test_${m}_c$c.json 2> $root/test_${m}_c$c.err
    echo "$m c$c $(tail -1 $out.log) $(grep -o '"mean_dice":[0-9.]*' $root/test_${m}_c$c.json | head -1)"
  done
done
