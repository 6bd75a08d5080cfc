using System.Security.Cryptography;
using System.Text;

namespace Stockade.Reporting;

/// <summary>
/// The HTML report's one style block and one script block, and the Content-Security-Policy that
/// allows exactly those two by hash: no other script runs (an inline handler or a script element
/// that escaping somehow let through is refused by the browser), nothing is fetched, no form posts.
/// </summary>
internal static class HtmlAssets
{
    public const string Css = """
        :root{--crit:#7b1fa2;--high:#c62828;--med:#ef6c00;--low:#1565c0;--fg:#1d1d1f;--muted:#666;--line:#ddd}
        *{box-sizing:border-box}[hidden]{display:none!important}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);margin:0;background:#fafafa;overflow-wrap:break-word}
        header{background:#263238;color:#fff;padding:10px 16px}header h1{margin:0 0 2px;font-size:20px}
        .meta{margin:0;color:#cfd8dc}.pass{color:#81c784}.fail{color:#ff8a80}.error{color:var(--high)}
        main{padding:0 16px 40px;max-width:1280px}h2{border-bottom:1px solid var(--line);padding-bottom:4px;margin:18px 0 8px;font-size:18px}
        h3{font-size:15px;margin:8px 0 4px}.lead{margin:4px 0 8px;font-size:15px}
        .cards{display:flex;gap:8px;flex-wrap:wrap}.card{flex:0 1 120px;min-width:80px;padding:6px 12px;border-radius:6px;color:#fff;display:flex;flex-direction:column}
        .card .n{font-size:22px;font-weight:700;color:#fff}
        .sev-critical{background:var(--crit)}.sev-high{background:var(--high)}.sev-medium{background:var(--med)}.sev-low{background:var(--low)}
        .summary-grid{display:flex;flex-wrap:wrap;gap:0 40px;align-items:flex-start}
        table.counts{margin-top:8px;border-collapse:collapse}table.counts th{text-align:left;padding:1px 16px 1px 0;font-weight:500;color:var(--muted)}
        #worst-rules ol{margin:0;padding-left:22px}#worst-rules li{margin:1px 0}.n{color:var(--muted)}.title{color:var(--muted)}
        #toc ul{margin:0;padding-left:20px}
        .badge{display:inline-block;white-space:nowrap;color:#fff;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600;vertical-align:baseline}
        .filters{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;position:sticky;top:0;z-index:1;background:#fafafa;padding:6px 0;border-bottom:1px solid var(--line)}
        .filters label{white-space:nowrap}.filters select,.filters input{max-width:100%}.filters select{max-width:14em}
        details.object{background:#fff;border:1px solid var(--line);border-radius:6px;margin:6px 0}
        details.object>summary{cursor:pointer;padding:6px 10px}.obj{font-weight:600}code.file{color:var(--muted)}
        code{overflow-wrap:anywhere}
        article.rule{background:#fff;border:1px solid var(--line);border-radius:6px;padding:4px 16px 12px;margin:12px 0}
        .fix pre{background:#f3f6f8;border:1px solid var(--line);padding:8px;overflow:auto;max-width:100%}
        table.findings{border-collapse:collapse;width:100%;table-layout:fixed}
        table.findings th,table.findings td{border-top:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
        table.findings th:nth-child(1){width:84px}table.findings th:nth-child(2){width:22%}table.findings th:nth-child(3){width:11%}table.findings th:nth-child(5){width:26%}
        table.suppressed th{width:auto!important}
        code.path{color:var(--muted)}.refs{color:var(--muted)}
        @media (max-width:720px){
        main{padding:0 8px 24px}
        table.findings,table.findings tbody,table.findings tr,table.findings td{display:block;width:auto}
        table.findings thead{display:none}table.findings tr{border-top:1px solid var(--line);padding:4px 0}
        table.findings td{border:0;padding:1px 6px}table.findings td:nth-child(1),table.findings td:nth-child(2){display:inline-block}
        }
        """;

    /// <summary>The filters and the expand/collapse buttons; the page is complete without it.</summary>
    public const string Script = """
        (function(){var bar=document.getElementById('filters');if(!bar)return;bar.hidden=false;
        function el(id){return document.getElementById(id);}
        var sev=el('filter-severity'),rule=el('filter-rule'),ns=el('filter-namespace'),kind=el('filter-kind'),text=el('filter-text'),shown=el('shown');
        var objects=[].slice.call(document.querySelectorAll('details.object')).map(function(o){
        var head=o.querySelector('summary').textContent;
        return {el:o,rows:[].slice.call(o.querySelectorAll('tr.finding')).map(function(r){return {el:r,text:(head+' '+r.textContent).toLowerCase()};})};});
        var total=0;objects.forEach(function(o){total+=o.rows.length;});
        function apply(){var s=sev.value,r=rule.value,n=ns.value,k=kind.value,q=text.value.toLowerCase(),any=s||r||n||k||q,count=0;
        objects.forEach(function(o){var d=o.el.dataset,fits=(!n||d.namespace===n)&&(!k||d.kind===k),m=0;
        o.rows.forEach(function(row){var ok=fits&&(!s||row.el.dataset.severity===s)&&(!r||row.el.dataset.rule===r)&&(!q||row.text.indexOf(q)>=0);
        row.el.hidden=!ok;if(ok)m++;});
        o.el.hidden=m===0;if(any&&m>0)o.el.open=true;count+=m;});
        shown.textContent=count+' of '+total+' findings shown';}
        [sev,rule,ns,kind].forEach(function(x){x.addEventListener('change',apply);});text.addEventListener('input',apply);
        el('expand-all').addEventListener('click',function(){objects.forEach(function(o){o.el.open=true;});});
        el('collapse-all').addEventListener('click',function(){objects.forEach(function(o){o.el.open=false;});});
        apply();})();
        """;

    /// <summary>
    /// Only the page's own style and script (by their SHA-256), nothing fetched: a meta policy,
    /// since a file opened from disk has no response headers.
    /// </summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{Hash(Css)}'; script-src '{Hash(Script)}'; base-uri 'none'; form-action 'none'";

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
