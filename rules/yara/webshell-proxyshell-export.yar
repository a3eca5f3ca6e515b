/*
 * ProxyShell web shells (August 2021): the attacker mails a script to a mailbox and then has
 * Exchange export the mailbox (New-MailboxExportRequest) as a "PST" with an .aspx name, or a
 * certificate request (DER) with an .aspx name. The file therefore starts with a binary header
 * yet contains ASP.NET page markup. Written for exhunt from the published descriptions
 * (Orange Tsai's talk, Huntress, Mandiant). Licence: Apache-2.0 (exhunt).
 */

rule EXHUNT_Webshell_PST_Header_Page
{
    meta:
        title = "ASP.NET page inside a PST file (ProxyShell mailbox export web shell)"
        description = "The file begins with the PST magic '!BDN' and contains ASP.NET page or script markup: a mailbox export written as a web page."
        author = "exhunt project"
        license = "Apache-2.0"
        reference = "https://www.huntress.com/blog/rapid-response-microsoft-exchange-servers-still-vulnerable-to-proxyshell-exploit"
        severity = "critical"
        cves = "CVE-2021-34473,CVE-2021-34523,CVE-2021-31207"
        attack = "T1505.003"
        campaign = "proxyshell"
        date = "2026-11-27"
    strings:
        $page = /Page\s+Language\s*=/ nocase ascii wide
        $runat = /runat\s*=\s*["']?server/ nocase ascii wide
        $script = "<script" nocase ascii wide
    condition:
        uint32(0) == 0x4e444221 and filesize < 100MB and any of them
}

rule EXHUNT_Webshell_DER_Header_Page
{
    meta:
        title = "ASP.NET page inside a DER certificate request (ProxyShell web shell)"
        description = "The file begins with a DER SEQUENCE header (30 82) and contains ASP.NET page markup: a certificate request exported to an .aspx path."
        author = "exhunt project"
        license = "Apache-2.0"
        reference = "https://www.mandiant.com/resources/blog/pst-want-shell-proxyshell-exploiting-microsoft-exchange-servers"
        severity = "critical"
        cves = "CVE-2021-34473,CVE-2021-34523,CVE-2021-31207"
        attack = "T1505.003"
        campaign = "proxyshell"
        date = "2026-11-27"
    strings:
        $page = /Page\s+Language\s*=/ nocase ascii wide
        $runat = /runat\s*=\s*["']?server/ nocase ascii wide
    condition:
        uint16(0) == 0x8230 and filesize < 10MB and any of them
}
