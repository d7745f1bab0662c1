"""The city view: every commune's workbook in one folder, ranked for the city office.

Each commune's figures come from the engine (`Engine.evaluate(...).kpi()`, exactly what
`tthc-xl kpi` prints); DuckDB keeps the per-dossier rows and the per-commune indicator rows
and does the ranking and the city totals in SQL. No rule is defined here.
"""

from tthc_xl.city.view import CityView, build_city_view

__all__ = ["CityView", "build_city_view"]
