"""Stage 3, targets: an item's task text in, its figures out, each aligned to a catalogue metric where one fits.

The quantity parser turns Chinese figures into values in base units with qualifiers; the metric catalogue
(data/reference/metric_catalogue.yaml) names the measures of the municipal list; alignment decides which
measure each figure counts, keeping its sentence and span.
"""
