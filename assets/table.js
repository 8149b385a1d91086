/* The table section (dashboard/table.py): number formatting for the grid and the quick filter's
   clientside callbacks. A file rather than inline code: the page's CSP allows scripts from its own
   origin only. */

window.dashAgGridFunctions = window.dashAgGridFunctions || {};

/* 1600000 -> "1,600,000", 0.5 -> "0.5", a missing number -> "" (never "NaN"). */
window.dashAgGridFunctions.formatNumber = function (value) {
    if (value === null || value === undefined || value === "") {
        return "";
    }
    var number = Number(value);
    return isFinite(number) ? number.toLocaleString("en-US", {maximumFractionDigits: 6}) : "";
};

/* The Source column's tooltip: the title (from the grid's context, one copy per source) and file. */
window.dashAgGridFunctions.sourceTooltip = function (params) {
    if (!params.data) {
        return "";
    }
    var titles = (params.context && params.context.sourceTitles) || {};
    return (titles[params.data.source] || params.data.source) + " (" + params.data.source + ")";
};

(function () {
    var NARROW_PX = 600; // a grid narrower than this is on a phone: see narrow()
    var SCROLLBAR_PX = 24;
    var prepared = {};

    function plural(n) {
        return n.toLocaleString("en-US") + (n === 1 ? " row" : " rows");
    }

    function hasColumnFilter(gridId) {
        try {
            var api = window.dash_ag_grid && window.dash_ag_grid.getApi(gridId);
            return !!(api && api.isColumnFilterPresent());
        } catch (error) {
            return false; // the grid is not ready yet: no filter set on it either
        }
    }

    /* A phone: pinned columns at their minimum width, and wrapped text no wider than the room
       left beside them, so a quote reads without scrolling sideways. */
    function narrow(api, gridWidth) {
        var columns = api.getColumns();
        var widths = columns
            .filter(function (c) { return c.getPinned() === "left"; })
            .map(function (c) { return {key: c, newWidth: c.getColDef().minWidth || 140}; });
        var room = gridWidth - SCROLLBAR_PX - widths.reduce(function (sum, w) { return sum + w.newWidth; }, 0);
        columns.forEach(function (c) {
            var def = c.getColDef();
            if (!c.getPinned() && def.wrapText && c.getActualWidth() > room) {
                widths.push({key: c, newWidth: Math.max(room, def.minWidth || 0)});
            }
        });
        api.setColumnWidths(widths);
    }

    /* Once per grid, when it is ready: name its role=grid element after the section's heading
       (dash-ag-grid passes no aria attributes through), and fit the columns to a phone. */
    function prepare(gridId, headingId) {
        if (prepared[gridId] || !window.dash_ag_grid) {
            return;
        }
        prepared[gridId] = true;
        window.dash_ag_grid.getApiAsync(gridId).then(function (api) {
            var host = document.getElementById(gridId);
            var grid = host && host.querySelector("[role=grid], [role=treegrid]");
            if (grid && headingId) {
                grid.setAttribute("aria-labelledby", headingId);
            }
            if (host && host.clientWidth < NARROW_PX) {
                narrow(api, host.clientWidth);
            }
        }, function () {
            prepared[gridId] = false;
        });
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.table = {
        quickFilter: function (text, options) {
            return Object.assign({}, options, {quickFilterText: text || ""});
        },

        /* "Table: 12 of 123 rows match “famine”", from the rows the grid displays. Called when
           the text, the rows or the displayed rows change; the last call has them all current. */
        status: function (virtualRows, rows, text, gridId, headingId) {
            prepare(gridId, headingId);
            if (rows === null || rows === undefined) {
                return "Table: loading the rows\u2026"; // the first view sends them after the charts
            }
            var total = rows.length;
            var query = (text || "").trim();
            var columnFilters = hasColumnFilter(gridId);
            if (!virtualRows || (!query && !columnFilters)) {
                return "Table: " + plural(total) + ".";
            }
            var shown = virtualRows.length.toLocaleString("en-US") + " of " + plural(total);
            if (!query) {
                return "Table: " + shown + " pass the column filters.";
            }
            return "Table: " + shown + (virtualRows.length === 1 ? " matches" : " match")
                + " \u201c" + query + "\u201d" + (columnFilters ? " and the column filters." : ".");
        }
    };
})();
