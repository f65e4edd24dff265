"""The statistics pages: declared tables in the report's layout, with charts and downloads.

`source` decides which cells a request reads (a published release, or internal cells within
the user's scope); `layout` arranges cells as the report does; `views` are thin. Charts
(`reporting.charts`) and workbooks (`reporting.exports`) use the same two modules, so a page,
its charts and its downloads always agree.
"""
