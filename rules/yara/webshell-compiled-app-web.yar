/*
 * When IIS first serves an .aspx page it compiles it into Temporary ASP.NET Files as
 * App_Web_<random>.dll. A deleted web shell can survive there. Written for exhunt from the BSI
 * and Microsoft descriptions of compiled Exchange web shells. Licence: Apache-2.0 (exhunt).
 */

rule EXHUNT_Webshell_Compiled_App_Web_Dll
{
    meta:
        title = "Compiled ASP.NET page (App_Web_*.dll) of a web shell in an Exchange web folder"
        description = "A small .NET DLL produced by ASP.NET compilation whose virtual path lies in aspnet_client or an auth folder and whose code evaluates script or saves uploaded files."
        author = "exhunt project"
        license = "Apache-2.0"
        reference = "https://www.bsi.bund.de/SharedDocs/Cybersicherheitswarnungen/DE/2021/2021-197772-1132.pdf"
        severity = "high"
        cves = "CVE-2021-26855,CVE-2021-27065"
        attack = "T1505.003"
        campaign = "proxylogon"
        date = "2026-11-27"
    strings:
        $appweb = "App_Web_" ascii wide
        $vpath1 = "/aspnet_client/" nocase ascii wide
        $vpath2 = "/auth/" nocase ascii wide
        $exec1 = "JScriptEvaluate" ascii
        $exec2 = "get_Files" ascii
        $exec3 = "SaveAs" ascii
        $exec4 = "FromBase64String" ascii
    condition:
        uint16(0) == 0x5a4d and filesize < 300KB and $appweb and 1 of ($vpath*)
        and ($exec1 or ($exec2 and $exec3) or ($exec4 and $exec1))
}
