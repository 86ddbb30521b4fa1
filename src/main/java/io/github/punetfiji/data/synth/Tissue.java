package io.github.punetfiji.data.synth;

/**
 * The tissues the synthetic abdomen is made of. Several tissues share one label (the kidney's cortex,
 * medulla and pelvis are all "kidney"); many tissues are unlabelled background (fat, muscle, bowel,
 * lung, ribs, veins, other arteries), which is what makes the labelled classes need context.
 * Intensities are drawn per subject in {@link Intensities}.
 */
enum Tissue {
	AIR(0), SUBCUT_FAT(0), MUSCLE(0),
	/** Intra-abdominal fat mixed with bowel loops (the mixture is an intensity, not a label). */
	VISCERAL(0), LUNG(0), HEART(0), MEDIASTINUM(0),
	/** Arteries other than the aorta (renal arteries, SMA): aorta-bright, not aorta. */
	ARTERY(0), IVC(0), DISC(0), CANAL(0), RIB(0), GALLBLADDER(0), LIVER(1), SPLEEN(2), KIDNEY_L_CORTEX(3), KIDNEY_L_MEDULLA(
			3), KIDNEY_L_PELVIS(3), KIDNEY_R_CORTEX(4), KIDNEY_R_MEDULLA(4), KIDNEY_R_PELVIS(
					4), AORTA(5), STOMACH_WALL(6), STOMACH_GAS(6), STOMACH_CONTENT(6), BONE_CORTEX(7), BONE_MARROW(7), PANCREAS(8);

	static final Tissue[] VALUES = values();

	/** The class index this tissue is labelled with (0 = background). */
	final int label;

	Tissue(int label) {
		this.label = label;
	}
}
