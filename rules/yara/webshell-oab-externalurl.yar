/*
 * The OAB virtual directory web shell (CVE-2021-27065): the attacker puts a script into the OAB
 * virtual directory's ExternalUrl, then asks Exchange to export the directory's configuration to
 * a path of their choosing with an .aspx name. The resulting file is the configuration dump with
 * the script inside. Written for exhunt from Microsoft's and Volexity's descriptions.
 * Licence: Apache-2.0 (exhunt).
 */

rule EXHUNT_Webshell_OAB_ExternalUrl_Dump
{
    meta:
        title = "OAB virtual directory configuration dump carrying a script (CVE-2021-27065)"
        description = "A file that holds the OAB virtual directory settings (ExternalUrl/InternalUrl with authentication settings) and also server-side script markers: the configuration export turned into a web shell."
        author = "exhunt project"
        license = "Apache-2.0"
        reference = "https://www.microsoft.com/security/blog/2021/03/02/hafnium-targeting-exchange-servers/"
        severity = "critical"
        cves = "CVE-2021-27065"
        attack = "T1505.003"
        campaign = "proxylogon"
        date = "2026-11-27"
    strings:
        $script1 = "<script" nocase ascii wide
        $script2 = /runat\s*=\s*["']?server/ nocase ascii wide
        $script3 = /Page\s+Language/ nocase ascii wide
        $url1 = "ExternalUrl" nocase ascii wide
        $url2 = "InternalUrl" nocase ascii wide
        $cfg1 = "InternalAuthenticationMethods" nocase ascii wide
        $cfg2 = "ExtendedProtectionTokenChecking" nocase ascii wide
        $cfg3 = "OfflineAddressBooks" nocase ascii wide
        $cfg4 = "RequireSSL" nocase ascii wide
    condition:
        filesize < 256KB and 1 of ($script*) and 1 of ($url*) and 2 of ($cfg*)
        and not (uint8(0) == 0x23)
}
