"""Stage 4, comparisons: targets and reference population in, shares and per-resident figures out.

Quota shares (district figure ÷ municipal figure of the same measure, with status and caveats), the population
chosen per jurisdiction and its share, the SQL views (levels, budgets, five-year plan vs 2026) and the
coverage report of `analytics qa`.
"""
