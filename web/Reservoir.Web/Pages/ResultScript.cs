namespace Reservoir.Web.Pages;

/// <summary>
/// The result page's only script (inline, no dependencies): sorts the hits table by a clicked column
/// (numbers numerically, text alphabetically; a second click reverses), filters rows by a substring, and
/// draws the histogram of hit frequencies on its canvas.
/// </summary>
internal static class ResultScript
{
    public const string Source = """
        (function(){
          var table=document.getElementById('hits');
          if(table){
            var body=table.tBodies[0];
            table.querySelectorAll('th button').forEach(function(btn){
              btn.addEventListener('click',function(){
                var col=+btn.dataset.col, th=btn.parentElement;
                var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
                table.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
                th.setAttribute('aria-sort',dir===1?'ascending':'descending');
                var rows=Array.prototype.slice.call(body.rows);
                rows.sort(function(a,b){
                  var x=a.cells[col].textContent,y=b.cells[col].textContent,nx=parseFloat(x),ny=parseFloat(y);
                  if(!isNaN(nx)&&!isNaN(ny)&&nx!==ny)return (nx-ny)*dir;
                  if(!isNaN(nx)&&!isNaN(ny))return 0;
                  return x.localeCompare(y)*dir;
                });
                rows.forEach(function(r){body.appendChild(r);});
              });
            });
            var filter=document.getElementById('hit-filter');
            filter.addEventListener('input',function(){
              var q=filter.value.toLowerCase();
              Array.prototype.forEach.call(body.rows,function(r){r.hidden=q.length>0&&r.textContent.toLowerCase().indexOf(q)<0;});
            });
          }
          var canvas=document.getElementById('histogram'), data=document.getElementById('hit-freqs');
          if(!canvas||!data)return;
          var f=JSON.parse(data.textContent), ctx=canvas.getContext('2d'), W=canvas.width, H=canvas.height;
          var left=50,bottom=36,top=10,right=10;
          ctx.fillStyle='#fff';ctx.fillRect(0,0,W,H);
          ctx.fillStyle='#222';ctx.font='12px sans-serif';
          if(f.length===0){ctx.fillText('no hits',W/2-20,H/2);return;}
          var lo=Math.min.apply(null,f),hi=Math.max.apply(null,f);
          if(hi===lo){lo-=0.0005;hi+=0.0005;}
          var bins=Math.max(10,Math.min(60,Math.ceil(Math.sqrt(f.length))*2)),counts=new Array(bins).fill(0);
          f.forEach(function(v){counts[Math.min(bins-1,Math.floor((v-lo)/(hi-lo)*bins))]++;});
          var max=Math.max.apply(null,counts),pw=W-left-right,ph=H-top-bottom;
          ctx.fillStyle='#21908c';
          counts.forEach(function(c,i){var h=c/max*ph;ctx.fillRect(left+i*pw/bins+1,top+ph-h,pw/bins-2,h);});
          ctx.strokeStyle='#222';ctx.beginPath();ctx.moveTo(left,top);ctx.lineTo(left,top+ph);ctx.lineTo(left+pw,top+ph);ctx.stroke();
          ctx.fillStyle='#222';
          ctx.fillText(lo.toFixed(6),left,H-20);ctx.fillText(hi.toFixed(6),W-right-80,H-20);
          ctx.fillText('frequency (MHz)',left+pw/2-45,H-4);
          ctx.fillText(String(max),4,top+10);ctx.fillText('0',30,top+ph);ctx.fillText('hits',4,top+ph/2);
        })();
        """;
}
