//! SVG plots for `aka eval --curve --plot`.

use anyhow::anyhow;
use plotters::prelude::*;

/// A plotted line: legend name, colour, and the value it reads from a point.
type Series = (&'static str, RGBColor, fn(&aka::eval::CurvePoint) -> f64);

/// Precision, recall, F1 and false-positive rate against the threshold, with a
/// vertical line at `marked` (the minimum score in use), as SVG text.
pub fn curve_svg(curve: &aka::eval::Curve, marked: f64, title: &str) -> anyhow::Result<String> {
    let err = |e: &dyn std::fmt::Display| anyhow!("cannot draw the plot: {e}");
    let x_min = curve
        .points
        .first()
        .map_or(0.5, |p| p.threshold)
        .min(marked)
        .min(0.5);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (860, 520)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("precision and recall by threshold: {title}"),
                ("sans-serif", 20),
            )
            .margin(20)
            .x_label_area_size(45)
            .y_label_area_size(55)
            .build_cartesian_2d(x_min..1.0f64, 0.0f64..1.0f64)
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .x_desc("threshold (top-1 score at least)")
            .y_desc("share")
            .x_labels(11)
            .y_labels(11)
            .draw()
            .map_err(|e| err(&e))?;
        let series: [Series; 4] = [
            ("precision", BLUE, |p| p.precision),
            ("recall", RED, |p| p.recall),
            ("F1", RGBColor(0, 140, 70), |p| p.f1),
            ("false-positive rate", RGBColor(120, 120, 120), |p| {
                p.false_positive_rate
            }),
        ];
        for (name, color, value) in series {
            chart
                .draw_series(LineSeries::new(
                    curve.points.iter().map(|p| (p.threshold, value(p))),
                    color.stroke_width(2),
                ))
                .map_err(|e| err(&e))?
                .label(name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                });
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(marked, 0.0), (marked, 1.0)],
                BLACK.stroke_width(1),
            )))
            .map_err(|e| err(&e))?
            .label(format!("minimum score {marked}"))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(1)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(svg)
}
