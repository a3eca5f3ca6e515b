/*
 * China Chopper and its look-alikes as dropped on Exchange servers in 2021: a one-line ASPX page
 * whose only job is to evaluate attacker-supplied text. Written for exhunt from the published
 * descriptions (Microsoft, Volexity, FireEye, CISA AA21-062A); no third-party rule text is used.
 * Licence: Apache-2.0 (exhunt).
 */

rule EXHUNT_Webshell_ChinaChopper_JScript_Eval
{
    meta:
        title = "China Chopper style JScript web shell (eval of request data)"
        description = "An ASP.NET page that passes a request parameter to JScript eval with the 'unsafe' option: the China Chopper server side."
        author = "exhunt project"
        license = "Apache-2.0"
        reference = "https://www.microsoft.com/security/blog/2021/03/02/hafnium-targeting-exchange-servers/"
        severity = "critical"
        cves = "CVE-2021-26855,CVE-2021-27065,CVE-2021-34473"
        attack = "T1505.003"
        date = "2026-11-27"
    strings:
        // eval( Request . Item/Form/QueryString [ "name" ] , "unsafe" ) with optional spaces
        $eval_unsafe = /eval\s*\(\s*Request\s*(\.\s*(Item|Form|QueryString|Params)\s*)?[\[\(]\s*["'][^"'\r\n]{1,64}["']\s*[\]\)]\s*,\s*["']unsafe["']/ nocase ascii wide
    condition:
        filesize < 5MB and $eval_unsafe
        // Exchange and IIS logs start with '#' header lines; the log hunt owns those.
        and not (uint8(0) == 0x23)
}

rule EXHUNT_Webshell_ChinaChopper_Base64_Eval
{
    meta:
        title = "Small JScript page that decodes Base64 request data and evaluates it"
        description = "Chopper variant: the attacker's code arrives Base64-encoded and is decoded before eval, so the literal 'Request' never meets 'eval' directly."
        author = "exhunt project"
        license = "Apache-2.0"
        reference = "https://www.microsoft.com/security/blog/2021/03/25/analyzing-attacks-taking-advantage-of-the-exchange-server-vulnerabilities/"
        severity = "critical"
        cves = "CVE-2021-26855,CVE-2021-27065"
        attack = "T1505.003"
        campaign = "proxylogon"
        date = "2026-11-27"
    strings:
        $lang = /Page\s+Language\s*=\s*["']?Jscript/ nocase ascii wide
        $b64 = "FromBase64String(" nocase ascii wide
        $eval = "eval(" nocase ascii wide
        $req = "Request" nocase ascii wide
    condition:
        filesize < 20KB and $lang and $b64 and $eval and $req
}

rule EXHUNT_Webshell_CSharp_Request_Writer
{
    meta:
        title = "Server-side script that writes request data to a file"
        description = "C# page with runat=server that opens a StreamWriter and writes posted form data: the file-dropper form of Chopper seen in March 2021."
        author = "exhunt project"
        license = "Apache-2.0"
        reference = "https://www.volexity.com/blog/2021/03/02/active-exploitation-of-microsoft-exchange-zero-day-vulnerabilities/"
        severity = "critical"
        cves = "CVE-2021-26855,CVE-2021-27065"
        attack = "T1505.003"
        campaign = "proxylogon"
        date = "2026-11-27"
    strings:
        $runat = /runat\s*=\s*["']?server/ nocase ascii wide
        $writer = /StreamWriter\s*\(\s*Request\s*(\.\s*(Form|Item|QueryString)\s*)?\[/ nocase ascii wide
        $write = /\.Write(Line)?\s*\(\s*Request\s*(\.\s*(Form|Item|QueryString)\s*)?\[/ nocase ascii wide
    condition:
        filesize < 50KB and $runat and $writer and $write
}
