"""年度统计 CSV: stats/<year>/farun-<year>.csv beside each year's page (UTF-8 with BOM, opens in Excel/WPS)."""

from __future__ import annotations

from pathlib import Path

from farun.publish.exports import to_csv
from farun.site.annual import CSV_COLUMNS, FOLDER, csv_name, csv_rows, years
from farun.site.engine import Site


def write(site: Site, site_dir: Path) -> None:
    """One CSV per year with everything the year's page shows."""
    coll = site.collection
    for year in years(coll):
        rows = [
            {key: row.get(key, "") for key in CSV_COLUMNS}
            for row in csv_rows(coll, year, site.settings.case_categories)
        ]
        target = site_dir / FOLDER / str(year) / csv_name(year)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(to_csv(rows, CSV_COLUMNS))
