/// The page's one stylesheet, inline. Level colours follow the terminal table (critical magenta,
/// high red, medium amber, low green); system fonts only, nothing loaded.
public enum ReportStyle {
    public static let css = """
    :root{--critical:#a21caf;--high:#dc2626;--medium:#d97706;--low:#15803d;--informational:#64748b;--unknown:#94a3b8;
    --ink:#111827;--muted:#4b5563;--line:#d1d5db;--soft:#f3f4f6;--paper:#ffffff;--accent:#1e3a8a}
    *{box-sizing:border-box}
    html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    body{margin:0;background:var(--paper);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}
    header.top{background:#0f172a;color:#f8fafc;padding:18px 32px 14px}
    header.top h1{margin:0 0 4px;font-size:22px;font-weight:650;letter-spacing:.2px}
    header.top .meta{color:#cbd5e1;font-size:13px}
    header.top .meta b{color:#f8fafc;font-weight:600}
    nav{display:flex;flex-wrap:wrap;gap:4px 18px;padding:8px 32px;background:#e5e7eb;border-bottom:1px solid var(--line);font-size:13px}
    nav a{color:var(--accent);text-decoration:none;font-weight:600}
    main{padding:8px 32px 40px;max-width:1500px}
    section{margin-top:26px}
    h2{font-size:17px;margin:0 0 10px;padding-bottom:4px;border-bottom:2px solid var(--ink)}
    h3{font-size:14px;margin:16px 0 6px}
    p.note{color:var(--muted);margin:6px 0;font-size:13px}
    .cards{display:flex;flex-wrap:wrap;gap:10px}
    .card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px;background:var(--soft)}
    .card .n{font-size:24px;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
    .card .k{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.4px}
    .card.lvl-card{border-left:6px solid var(--unknown);background:#fff}
    .card.c-critical{border-left-color:var(--critical)} .card.c-high{border-left-color:var(--high)}
    .card.c-medium{border-left-color:var(--medium)} .card.c-low{border-left-color:var(--low)}
    .card.c-informational{border-left-color:var(--informational)}
    .card.zero{opacity:.45}
    .span2{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:28px}
    table{border-collapse:collapse;width:100%;font-size:13px}
    th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
    th{background:var(--soft);font-weight:650;white-space:nowrap;position:sticky;top:0}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    td.time,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px;white-space:nowrap}
    td.wrap{overflow-wrap:anywhere}
    td.host{white-space:nowrap}
    table.kv th{width:180px;background:none;position:static}
    tr.row-critical td:first-child,tr.row-high td:first-child,tr.row-medium td:first-child,tr.row-low td:first-child{box-shadow:inset 4px 0 0 var(--unknown)}
    tr.row-critical td:first-child{box-shadow:inset 4px 0 0 var(--critical)} tr.row-high td:first-child{box-shadow:inset 4px 0 0 var(--high)}
    tr.row-medium td:first-child{box-shadow:inset 4px 0 0 var(--medium)} tr.row-low td:first-child{box-shadow:inset 4px 0 0 var(--low)}
    .lvl{display:inline-block;min-width:84px;text-align:center;padding:1px 6px;border-radius:3px;font-size:12px;font-weight:700;color:#fff;background:var(--unknown)}
    .lvl.lvl-critical{background:var(--critical)} .lvl.lvl-high{background:var(--high)} .lvl.lvl-medium{background:var(--medium);color:#111}
    .lvl.lvl-low{background:var(--low)} .lvl.lvl-informational{background:var(--informational)}
    .tag{display:inline-block;margin:0 3px 2px 0;padding:0 5px;border:1px solid var(--line);border-radius:3px;font-size:11px;color:var(--muted);background:#fff}
    svg.chart{width:100%;height:auto;display:block;font-family:system-ui,"DejaVu Sans",sans-serif}
    svg .band{fill:#fff} svg .band.even{fill:#f6f7f9}
    svg .frame{fill:none;stroke:#9ca3af}
    svg .grid{stroke:#e5e7eb} svg .grid.day{stroke:#9ca3af;stroke-dasharray:3 3}
    svg .tick{font-size:11px;fill:#374151} svg .tick.detail{font-weight:600;fill:#111827}
    svg .axis-caption{font-size:11px;font-weight:700;fill:#111827}
    svg .lane-label{font-size:12px;fill:#111827;font-weight:600}
    svg .mark{stroke:#fff;stroke-width:1;fill-opacity:.92}
    svg .lvl-critical{fill:var(--critical)} svg .lvl-high{fill:var(--high)} svg .lvl-medium{fill:var(--medium)}
    svg .lvl-low{fill:var(--low)} svg .lvl-informational{fill:var(--informational)} svg .lvl-unknown{fill:var(--unknown)}
    svg .corr{fill-opacity:.55}
    svg .bar-label{font-size:12px;fill:#111827} svg .bar-count{font-size:12px;font-weight:700;fill:#111827}
    .legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;color:var(--muted);margin:6px 0}
    .legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;vertical-align:-1px;background:var(--unknown)}
    .legend i.bar{border-radius:1px;width:16px;height:4px;vertical-align:2px;opacity:.6}
    .legend i.lvl-critical{background:var(--critical)} .legend i.lvl-high{background:var(--high)} .legend i.lvl-medium{background:var(--medium)}
    .legend i.lvl-low{background:var(--low)} .legend i.lvl-informational{background:var(--informational)}
    .attack{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}
    .tactic{border:1px solid var(--line);border-radius:6px;overflow:hidden;background:#fff;break-inside:avoid}
    .tactic h3{margin:0;padding:6px 10px;background:#1f2937;color:#fff;font-size:13px;display:flex;justify-content:space-between}
    .tactic ul{list-style:none;margin:0;padding:6px}
    .tactic li{display:flex;justify-content:space-between;gap:8px;padding:3px 6px;margin-bottom:3px;border-radius:3px;font-size:12px}
    .tactic li .id{font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-weight:600}
    .tactic li .c{font-weight:700;font-variant-numeric:tabular-nums}
    .heat1{background:#e0e7ff} .heat2{background:#c7d2fe} .heat3{background:#a5b4fc} .heat4{background:#818cf8;color:#fff} .heat5{background:#4f46e5;color:#fff}
    .tactic li.none{color:var(--muted);background:none}
    footer{margin-top:36px;padding:10px 32px;border-top:1px solid var(--line);color:var(--muted);font-size:12px}
    @media (max-width:900px){.span2{grid-template-columns:1fr}}
    @media print{body{font-size:10pt} nav{display:none} header.top{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 6px}
    header.top .meta,header.top .meta b{color:#000} main{padding:0;max-width:none} th{position:static}
    section{break-inside:auto} svg.chart,.card,.tactic{break-inside:avoid} h2{break-after:avoid} thead{display:table-header-group} tr{break-inside:avoid}}
    """
}
