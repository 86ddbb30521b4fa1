package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.model.runtime.GradMode;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network, the focal loss and AdamW together fit a fixed batch: the loss falls five-fold. */
class OverfitTest {
	@Test
	void aFixedBatchIsLearned() {
		try (GradMode g = GradMode.off(); NDManager m = NDManager.newBaseManager()) {
			Engine.getInstance().setRandomSeed(3);
			PunetNetwork net = new PunetNetwork(PunetConfig.preset("tiny"));
			net.initializeParameters(m);
			NDArray x = m.randomNormal(new Shape(2, 1, 32, 32, 1));
			// a disc of class 1 in the middle, background elsewhere
			long[] lab = new long[2 * 32 * 32];
			for (int b = 0; b < 2; b++)
				for (int i = 0; i < 32; i++)
					for (int j = 0; j < 32; j++) lab[(b * 32 + i) * 32 + j] = (i - 16) * (i - 16) + (j - 16) * (j - 16) < 64 ? 1 : 0;
			NDArray y = m.create(lab, new Shape(2, 32, 32, 1));
			x = x.add(y.toType(DataType.FLOAT32, false).expandDims(1).mul(2));
			FocalLoss focal = new FocalLoss(FocalLoss.Config.instructionModel(new double[4]));
			ActiveLabels active = ActiveLabels.same(2, 4, 1);
			AdamW opt = new AdamW(List.of(new AdamW.Group("all", net.namedTrainableParameters(), 1e-3, 0.01)), m);
			double first = 0, last = 0;
			for (int step = 0; step < 40; step++) {
				try (NDScope scope = new NDScope(); NDManager s = m.newSubManager()) {
					try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
						NDArray dense = net.forward(new ParameterStore(s, false), x, new int[][] {{1, 1, 0, 0}, {1, 1, 0, 0}},
								PunetNetwork.Mode.BOTH, true, false).dense;
						NDArray loss = focal.compute(dense, PromptLabels.gather(y, active), active);
						double v = loss.getFloat();
						if (step == 0) first = v;
						last = v;
						gc.backward(loss);
						loss.close();
					}
					opt.step();
				}
			}
			System.out.println("overfit: first " + first + " last " + last);
			assertTrue(last < first / 5, "loss " + first + " -> " + last);
		}
	}
}
