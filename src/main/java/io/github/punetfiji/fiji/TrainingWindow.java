package io.github.punetfiji.fiji;

import ij.IJ;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.macro.Interpreter;
import io.github.punetfiji.TrainingStep;
import java.awt.Button;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.FlowLayout;
import java.awt.GraphicsEnvironment;
import java.awt.Panel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The window of a running training: its loss plotted live, step by step (an ImageJ 1 {@link Plot}, redrawn in place), the
 * validation Dice as a second series where the run validates, and a Stop button. Stop asks the run to end as Esc does
 * ({@link FijiProgress#training}): the run keeps the model as it is, its checkpoint and {@code losses.csv}. The window
 * stays open when the run ends, with the whole curve. Never shown headless or in batch mode ({@link #open}).
 */
public final class TrainingWindow {
	/** The least time between two redraws of the plot: a fast run does not spend its time drawing. */
	private static final long REDRAW_NANOS = 250_000_000L;

	private final String title;
	private final PlotWindow window;
	private final Button stop;
	private final AtomicBoolean stopRequested = new AtomicBoolean();
	private final List<double[]> losses = new ArrayList<>(); // step, loss
	private final List<double[]> dice = new ArrayList<>(); // step, validation Dice
	private int total = 1;
	private long drawn;

	private TrainingWindow(String title) {
		this.title = title;
		window = plot().show();
		stop = new Button("Stop");
		stop.addActionListener(e -> requestStop());
		Panel panel = new Panel(new FlowLayout(FlowLayout.RIGHT));
		panel.add(stop);
		window.add(panel);
		window.pack();
	}

	/**
	 * Opens the window of a training named {@code title}, or returns null where no window may be shown: headless
	 * ({@code headless} is the SciJava UI's state), no ImageJ 1 window, or a macro in batch mode.
	 */
	public static TrainingWindow open(String title, boolean headless) {
		if (headless || GraphicsEnvironment.isHeadless() || IJ.getInstance() == null || Interpreter.isBatchMode()) return null;
		return new TrainingWindow(title);
	}

	/** Opens the window wherever a display is (for tests; {@link #open} decides for the commands). */
	static TrainingWindow show(String title) {
		return new TrainingWindow(title);
	}

	/** Adds a step's loss (and validation Dice) and redraws, at most every quarter second and always at the last step. */
	public synchronized void add(TrainingStep step) {
		total = Math.max(1, step.total());
		losses.add(new double[] {step.step(), step.loss()});
		if (step.validated()) dice.add(new double[] {step.step(), step.valDice()});
		long now = System.nanoTime();
		if (window.isClosed()) return; // NB: closing the window does not stop the run (Esc does)
		if (now - drawn >= REDRAW_NANOS || step.step() == step.total() || step.validated()) {
			drawn = now;
			window.drawPlot(plot());
		}
	}

	/** Whether Stop was pressed. */
	public boolean stopRequested() {
		return stopRequested.get();
	}

	/**
	 * Draws every step received and disables Stop, labelled {@code label} ("Finished", "Stopped"); closes the window when
	 * no step came (a run refused before it began).
	 */
	public synchronized void finish(String label) {
		if (window.isClosed()) return;
		if (losses.isEmpty()) {
			window.close();
			return;
		}
		window.drawPlot(plot());
		EventQueue.invokeLater(() -> {
			stop.setLabel(label);
			stop.setEnabled(false);
			window.pack();
		});
	}

	/** Closes the window. */
	void close() {
		window.close();
	}

	/** The plot shown now. */
	Plot currentPlot() {
		return window.getPlot();
	}

	/** Presses Stop. */
	void requestStop() {
		if (!stopRequested.compareAndSet(false, true)) return;
		IJ.showStatus(title + ": stopping after this step, keeping the model…");
		EventQueue.invokeLater(() -> {
			stop.setLabel("Stopping…");
			stop.setEnabled(false);
		});
	}

	Button stopButton() {
		return stop;
	}

	private Plot plot() {
		Plot plot = new Plot(title, "step", dice.isEmpty() ? "loss" : "loss, validation Dice");
		plot.setSize(560, 320);
		double hi = 1e-6;
		double lo = 0;
		for (double[] p : losses) {
			if (Double.isFinite(p[1])) {
				hi = Math.max(hi, p[1]);
				lo = Math.min(lo, p[1]);
			}
		}
		if (!dice.isEmpty()) hi = Math.max(hi, 1);
		plot.setLimits(0, total, lo, hi * 1.05);
		if (!losses.isEmpty()) {
			plot.setColor(Color.BLACK);
			plot.addPoints(column(losses, 0), column(losses, 1), losses.size() == 1 ? Plot.CIRCLE : Plot.LINE);
		}
		if (!dice.isEmpty()) {
			plot.setColor(Color.BLUE);
			plot.addPoints(column(dice, 0), column(dice, 1), Plot.CONNECTED_CIRCLES);
			plot.setColor(Color.BLACK);
			plot.addLegend("loss\nvalidation Dice");
		}
		return plot;
	}

	private static double[] column(List<double[]> rows, int k) {
		return rows.stream().mapToDouble(r -> r[k]).toArray();
	}
}
