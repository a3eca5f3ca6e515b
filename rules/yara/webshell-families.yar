/*
 * Web shell families Volexity reported on Exchange servers in March 2021. Written for exhunt
 * from the behaviour described in Volexity's report and the public reGeorg project; the rules
 * test what the code does (tunnel sockets, cookie-keyed command runner, single-purpose
 * uploader), not one sample's bytes. Licence: Apache-2.0 (exhunt).
 */

rule EXHUNT_Webshell_ReGeorg_Tunnel
{
    meta:
        title = "reGeorg-style SOCKS tunnel page"
        description = "An ASP.NET page that opens raw sockets and takes its tunnel commands (connect, forward, read, disconnect) from request headers: reGeorg and its variants."
        author = "exhunt project"
        license = "Apache-2.0"
        reference = "https://www.volexity.com/blog/2021/03/02/active-exploitation-of-microsoft-exchange-zero-day-vulnerabilities/"
        severity = "critical"
        cves = ""
        attack = "T1505.003,T1090"
        date = "2026-11-27"
    strings:
        $sock1 = "new Socket(" ascii wide
        $sock2 = "System.Net.Sockets" ascii wide
        $hdr1 = "Request.Headers.Get(" ascii wide
        $hdr2 = "Request.Headers[" ascii wide
        $verb1 = "\"CONNECT\"" ascii wide
        $verb2 = "\"DISCONNECT\"" ascii wide
        $verb3 = "\"FORWARD\"" ascii wide
        $verb4 = "\"READ\"" ascii wide
        $x1 = "X-CMD" ascii wide
        $x2 = "X-STATUS" ascii wide
        $x3 = "X-TARGET" ascii wide
        $split = ".Split('|')" ascii wide
        $b64 = "FromBase64String(" ascii wide
    condition:
        filesize < 200KB and 1 of ($sock*) and 1 of ($hdr*)
        and (2 of ($verb*) or 2 of ($x*) or ($split and $b64))
}

rule EXHUNT_Webshell_SportsBall
{
    meta:
        title = "SPORTSBALL web shell (command runner and uploader)"
        description = "Runs commands with the posted form text as standard input, keeps state in a cookie named fqrspt, and offers an upload form."
        author = "exhunt project"
        license = "Apache-2.0"
        reference = "https://www.volexity.com/blog/2021/03/02/active-exploitation-of-microsoft-exchange-zero-day-vulnerabilities/"
        severity = "critical"
        cves = "CVE-2021-26855,CVE-2021-27065"
        attack = "T1505.003"
        campaign = "proxylogon"
        date = "2026-11-27"
    strings:
        $cookie = "HttpCookie(\"fqrspt\"" ascii wide
        $proc = "System.Diagnostics.Process" ascii wide
        $stdin = /StandardInput\.WriteLine\(\s*HttpContext\.Current\.Request\.Form\[/ ascii wide
        $upload = /type\s*=\s*"submit"\s+value\s*=\s*"Upload"/ nocase ascii wide
    condition:
        filesize < 200KB and ($cookie or ($proc and $stdin and $upload))
}

rule EXHUNT_Webshell_SimpleSeeSharp
{
    meta:
        title = "SIMPLESEESHARP uploader page"
        description = "A C# page of a few hundred bytes that saves the first uploaded file to a path built from the request: a stage-one dropper for further web shells."
        author = "exhunt project"
        license = "Apache-2.0"
        reference = "https://www.volexity.com/blog/2021/03/02/active-exploitation-of-microsoft-exchange-zero-day-vulnerabilities/"
        severity = "critical"
        cves = "CVE-2021-26855,CVE-2021-27065"
        attack = "T1505.003"
        campaign = "proxylogon"
        date = "2026-11-27"
    strings:
        $lang = /Page\s+Language\s*=\s*"C#"/ nocase ascii
        $file = "Request.Files[0]" ascii
        $save = ".SaveAs(" ascii
        $combine = "Path.Combine" ascii
    condition:
        filesize < 2KB and $lang and $file and $save and $combine
}
