"""The report charts say what their colours mean, show every cell, and print document text as text."""

from __future__ import annotations

from analytics.report import charts
from analytics.report.data import open_report


def test_long_chinese_titles_are_cut_by_characters():
    title = "扩面提质“15分钟高品质生活服务圈”建设暨社区嵌入式服务设施试点"
    short = charts.shorten(title, 24)
    assert len(short) == 24 and short.endswith("…") and short.startswith("扩面提质")
    assert charts.shorten("口袋公园", 24) == "口袋公园"


def test_heatmap_greys_cells_that_are_not_comparable_and_reads_as_multiples(built):
    paths, _ = built
    matrix = open_report("overview", str(paths.database)).proportionality_matrix()
    fig = charts.proportionality_heatmap(matrix, "t").figure
    grey, colour = fig.data
    assert grey.showscale is False and colour.colorbar.ticktext[0].startswith("×¼")
    n_c = sum(t == "n/c" for row in colour.text for t in row)
    assert n_c and n_c == sum(v == 0 for row in grey.z for v in row)  # every n/c cell is grey, nothing else


def test_share_chart_has_a_legend_for_its_colours(built):
    paths, _ = built
    ctx = open_report("district_profile", str(paths.database), jurisdiction_code="500114")
    fig = charts.share_vs_population(ctx.shares("500114"), ctx.population_share("500114"), "t").figure
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert any("above" in n for n in legend) and any("below" in n for n in legend)


def test_document_text_in_labels_is_escaped(built):
    paths, _ = built
    ctx = open_report("district_profile", str(paths.database), jurisdiction_code="500237")
    budgets = ctx.budgets("500237")
    budgets.loc[budgets.index[0], "title"] = "<b>加粗</b>"
    fig = charts.budget_chart(budgets, "t").figure
    assert not any("<b>" in label for label in fig.data[0].y) and any("&lt;b&gt;" in label for label in fig.data[0].y)


def test_quarterly_chart_uses_the_checkpoints_as_printed(built):
    paths, _ = built
    ctx = open_report("district_profile", str(paths.database), jurisdiction_code="500114")
    fig = charts.milestone_chart(ctx.milestones("500114"), "t").figure
    assert list(fig.layout.xaxis.categoryarray) == ["6月底前", "9月底前", "12月底前"]
    colours = [t.line.color for t in fig.data]
    assert len(set(colours)) == len(colours)  # no colour used twice


def test_framed_chart_keeps_script_out_and_writes_chinese_as_characters(monkeypatch, tmp_path):
    """The frame unescapes plotly's \\uXXXX for Chinese text (pages a quarter smaller) but never what keeps a
    document's "</script>" from closing the page's script."""
    import pandas as pd
    import plotly.graph_objects as go

    from analytics.report.blocks import REPORT_MODE_ENV
    from analytics.report.charts import Plot
    from analytics.report.frame import Chart

    monkeypatch.setenv(REPORT_MODE_ENV, "html")
    monkeypatch.setenv("ANALYTICS_ROOT", str(tmp_path))
    rows = pd.DataFrame({"metric_zh": ["老旧小区</script><script>alert(1)</script>"], "share": [0.1]})
    fig = go.Figure(go.Bar(x=[10], y=["老旧小区"], hovertext=list(rows["metric_zh"]), customdata=[0]))
    chart = Chart(
        Plot(fig, rows),
        "标题 Title",
        "what is measured",
        "某县 2026",
        "c",
        ["metric_zh", "share"],
        ["a caveat"],
        report="district-500999-2026",
    )
    page = chart.html()
    assert "</script><script>" not in page and "老旧小区" in page and "\\u8001" not in page
    assert 'href="data/district-500999-2026--c.csv"' in page and "来源 Source:" in page and "a caveat" in page
    written = (tmp_path / "reports" / "data" / "district-500999-2026--c.csv").read_text(encoding="utf-8-sig")
    # shares in per cent, as the charts show them (issue 27.2)
    assert written.splitlines()[0] == "metric_zh,share_pct" and len(written.splitlines()) == 2
    assert written.splitlines()[1].endswith(",10.0")


def test_numbers_read_as_people_write_them(built):
    """No 1.5e+06 in a hover, a label or an axis (issue 27.2); log axes labelled 0.1 %, 1 %, 10 %."""
    paths, _ = built
    assert charts.amount_text(1_500_000.0) == "1,500,000" and charts.amount_text(2.5) == "2.5"
    assert charts.amount_text(float("nan")) == "—"
    ctx = open_report("district_profile", str(paths.database), jurisdiction_code="500237")
    shares = ctx.shares("500237").copy()
    shares["municipal_value"] = shares["municipal_value"] * 1e4  # figures in the millions
    item = open_report("metric_comparison", str(paths.database), municipal_item_no="9")
    overview = open_report("overview", str(paths.database))
    matrix = overview.proportionality_matrix()
    figures = [
        charts.share_vs_population(shares, ctx.population_share("500237"), "t").figure,
        charts.budget_chart(ctx.budgets("500237"), "t").figure,
        charts.shares_dot_plot(matrix, "t").figure,
        charts.item_shares_chart(
            item.item_shares("9").assign(municipal_value=lambda d: d["municipal_value"] * 1e4), "t"
        ).figure,
    ]
    for fig in figures:
        text = fig.to_json()
        assert "e+0" not in text and "e+1" not in text
        assert fig.layout.xaxis.exponentformat in ("none", None) or fig.layout.xaxis.type == "log"
    dots = figures[2].layout.xaxis
    assert dots.type == "log" and all(t.endswith(" %") for t in dots.ticktext) and "1 %" in dots.ticktext


def test_chart_csvs_give_shares_in_per_cent_with_values_and_units(monkeypatch, tmp_path, built):
    """Shares in the CSV as the chart shows them (per cent), beside the district and municipal values and unit."""
    from analytics.report.frame import SHARE_CSV, Chart

    paths, _ = built
    matrix = open_report("overview", str(paths.database)).proportionality_matrix()
    plot = charts.shares_dot_plot(matrix, "t")
    data = Chart(plot, "t", "s", "src", "a", SHARE_CSV).data
    assert {"district_value", "municipal_value", "unit", "share_pct", "population_share_pct"} <= set(data.columns)
    assert "share" not in data.columns
    assert (data["share_pct"] - plot.rows["share"].to_numpy() * 100).abs().max() < 1e-9
