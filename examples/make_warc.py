"""Write 05_donghai_shipping.warc.gz, the example web archive, with warcio.

The archive holds what a crawler would have kept on 7 March 2025: a warcinfo record, the
request and response for one machine-translated article (the only page that should become an
article), a 404 page and a robots.txt (both to be skipped). Record ids and dates are fixed so
that running the script again writes the same bytes.

    .venv/bin/python examples/make_warc.py
"""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).with_name("05_donghai_shipping.warc.gz")
FETCHED = "2025-03-07T08:12:31Z"
SITE = "https://dhshipping.example"
ARTICLE_URL = f"{SITE}/en/2025/0307/kesling-port-fire.html"

# Written for the project to read like a machine translation from Chinese: names are
# transliterated back from Chinese characters, the port director is "he", numbers differ.
ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kesling Port warehouse fire injured 14 persons, port will resume on Friday - Donghai Shipping News</title>
<meta property="og:site_name" content="Donghai Shipping News">
<meta name="pubdate" content="2025-03-07">
</head>
<body>
<div id="topbar"><a href="/en/">Home</a> <a href="/en/ports/">Ports</a> <a href="/en/markets/">Markets</a></div>
<div class="article">
<h1>Kesling Port warehouse fire injured 14 persons, port will resume on Friday</h1>
<div class="info">Source: Donghai Shipping News English channel  Editor: Zhou</div>
<p>On the night of 4th, a big fire broke out in the No. 7 warehouse of Kesling Port north pier, the fire was fierce, the black smoke covered the old city area. According to the report, the fire caused 14 persons injured, among them many are night shift dock workers.</p>
<p>Kesling fire rescue bureau chief Tuomasi Laiyinhuoerte said, more than 90 fire fighters participated in the rescue, the fire was controlled in the next day early morning. Laiyinhuoerte expressed, the warehouse roof collapsed in one hour, the fire fighters mainly prevented the fire spreading to the nearby oil depot.</p>
<p>Kesling Port Authority director Mala Aositeluofusiji on 5th said, the port will resume part operation on Friday, the north pier will continue to close. Aositeluofusiji said his first thought is with the injured persons and their families, and he promised to find out the reason of the fire.</p>
<p>The warehouse is rented by Ha'erwade Logistics company. The company stated, the warehouse passed the safety inspection last month, and it will fully cooperate with the investigation. Aositeluofusiji also said, an independent investigation will be established in several days.</p>
<p>It is understood, Kesling Port is one of the important ports of the region, the ships of this week have been arranged to the south terminal. The reason of the fire is still under investigation, the relevant department is verifying the loss situation.</p>
</div>
<div class="footer">Copyright Donghai Shipping News. Reproduction needs permission.</div>
</body>
</html>
"""

NOT_FOUND = "<html><head><title>404</title></head><body><p>Page not found.</p></body></html>"
ROBOTS = "User-agent: *\nDisallow: /admin/\n"


def _record_id(n: int) -> str:
    return f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"


def write(out: Path = OUT) -> Path:
    """Write the example archive to ``out`` and return its path."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    number = iter(range(1, 100))

    def headers(extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"WARC-Date": FETCHED, "WARC-Record-ID": _record_id(next(number)), **(extra or {})}

    info = writer.create_warcinfo_record(
        "05_donghai_shipping.warc.gz",
        {"software": "storyweave examples/make_warc.py", "format": "WARC File Format 1.1"},
    )
    info.rec_headers.replace_header("WARC-Date", FETCHED)
    info.rec_headers.replace_header("WARC-Record-ID", _record_id(next(number)))
    writer.write_record(info)

    pages = [
        (ARTICLE_URL, "200 OK", "text/html; charset=utf-8", ARTICLE),
        (f"{SITE}/en/2025/0306/missing.html", "404 Not Found", "text/html", NOT_FOUND),
        (f"{SITE}/robots.txt", "200 OK", "text/plain", ROBOTS),
    ]
    for url, status, content_type, body in pages:
        request = StatusAndHeaders(
            f"GET {url.removeprefix(SITE)} HTTP/1.1",
            [("Host", SITE.removeprefix("https://")), ("User-Agent", "storyweave-example")],
            is_http_request=True,
        )
        writer.write_record(
            writer.create_warc_record(
                url, "request", http_headers=request, warc_headers_dict=headers()
            )
        )
        payload = body.encode("utf-8")
        http = StatusAndHeaders(
            status,
            [("Content-Type", content_type), ("Content-Length", str(len(payload)))],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                http_headers=http,
                warc_headers_dict=headers(),
            )
        )
    out.write_bytes(buffer.getvalue())
    return out


if __name__ == "__main__":
    print(write())
