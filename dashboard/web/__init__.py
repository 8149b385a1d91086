"""The Dash page: ids, charts, the table, the layout and its callbacks."""
