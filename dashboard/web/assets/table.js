/* The table section (dashboard/web/table.py): number formatting for the grid and the quick filter's
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
        } catch {
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
            var slot = host && host.closest("[aria-busy]");
            if (slot) {
                slot.setAttribute("aria-busy", "false");
            }
            given = {rows: null, selected: null}; // a new grid: no rows, nothing selected
            push(); // the view's rows and selection, which may have arrived before the grid
        }, function () {
            prepared[gridId] = false;
        });
    }

    /* The table is mounted when wanted (dashboard/web/table.py): AG Grid's script loads when the
       section comes within NEAR_PX of the screen or takes focus ("Skip to the table"), then the
       server mounts the grid, and the view's latest rows and selection are passed on to it. */
    var NEAR_PX = 800;
    var latest = {rows: null, selected: null, clearQuickFilter: false, grid: null, quickFilter: null};
    var given = {rows: null, selected: null}; // what the grid last had from push()
    var loading = false;

    function loadGrid(slot) {
        if (loading) {
            return;
        }
        loading = true;
        var script = document.createElement("script");
        script.src = slot.getAttribute("data-grid-script");
        script.onload = function () {
            window.dash_clientside.set_props(slot.getAttribute("data-wanted-id"), {data: Date.now()});
        };
        script.onerror = function () {
            loading = false;
            var note = slot.querySelector(".table-loading");
            if (note) {
                note.textContent = "The table could not be loaded. Reload the page to try again; " +
                    "Download CSV above has the same rows.";
            }
        };
        document.head.appendChild(script);
    }

    function mounted() {
        return !!(latest.grid && document.getElementById(latest.grid) && window.dash_ag_grid);
    }

    /* Hand the grid what the view last sent; only what changed, and only once it is mounted. */
    function push() {
        if (!mounted()) {
            return;
        }
        // Only what changed: each new selectedRows makes the grid report a selection back.
        var props = {};
        if (latest.rows !== given.rows) {
            props.rowData = latest.rows;
            given.rows = latest.rows;
        }
        if (latest.selected !== given.selected) {
            props.selectedRows = latest.selected ? {ids: [latest.selected]} : [];
            given.selected = latest.selected;
            if (latest.selected) {
                props.scrollTo = {rowId: latest.selected, rowPosition: "middle"};
            }
        }
        if (Object.keys(props).length) {
            window.dash_clientside.set_props(latest.grid, props);
        }
        if (latest.clearQuickFilter && document.getElementById(latest.quickFilter)) {
            latest.clearQuickFilter = false;
            window.dash_clientside.set_props(latest.quickFilter, {value: ""});
        }
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.table = {
        /* Called once the first charts are painted (`painted` set): before, the charts had no
           height yet and the table seemed to be on the first screen. */
        watch: function (painted, slotId) {
            var slot = painted && document.getElementById(slotId);
            var section = slot && slot.closest("section");
            if (!slot || !section) {
                return;
            }
            if (!("IntersectionObserver" in window)) {
                loadGrid(slot);
                return;
            }
            var observer = new IntersectionObserver(function (entries) {
                if (entries.some(function (e) { return e.isIntersecting; })) {
                    observer.disconnect();
                    loadGrid(slot);
                }
            }, {rootMargin: "0px 0px " + NEAR_PX + "px 0px"});
            observer.observe(section);
            // focusin: the section itself taking focus ("Skip to the table") or anything in it.
            section.addEventListener("focusin", function () { loadGrid(slot); });
        },

        /* The view callback's message (table.table_message): rows when they changed, the
           selected figure, whether Reset empties the quick filter. */
        apply: function (message) {
            if (!message) {
                return;
            }
            latest.grid = message.grid;
            latest.quickFilter = message.quickFilter;
            if (message.rows !== undefined) {
                latest.rows = message.rows;
            }
            latest.selected = message.selected || null;
            latest.clearQuickFilter = latest.clearQuickFilter || !!message.clearQuickFilter;
            push();
        },

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
