/**
 * @module lab/owa-pages
 * The bodies an Exchange front-end serves to anonymous clients, shaped like the real pages in
 * the places the probe (and other scanners) look: the login page's resource folders carry the
 * 3-part build, the login form posts to /owa/auth.owa, the export-tool manifest carries the
 * 4-part build. Written for exhunt; no Microsoft markup is copied.
 */
import type { ExchangeProduct } from './exchange-product.js';

export function logonPage(p: ExchangeProduct, threePart: string): string {
  const res = `/owa/auth/${threePart}/themes/resources`;
  return `<!DOCTYPE html>
<html dir="ltr" lang="en">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=10" />
<link rel="shortcut icon" href="${res}/favicon.ico" type="image/x-icon">
<link type="text/css" rel="stylesheet" href="${res}/logon.css">
<title>${p.title}</title>
<script type="text/javascript" src="/owa/auth/${threePart}/scripts/premium/flogon.js"></script>
</head>
<body class="signInBg">
<form action="/owa/auth.owa" method="POST" name="logonForm" autocomplete="off">
<input type="hidden" name="destination" value="">
<input type="hidden" name="flags" value="4">
<div class="signInImageHeader"><img src="${res}/owa_text_blue.png" alt="${p.title}"></div>
<label for="username">Domain\\user name:</label><input id="username" name="username" type="text">
<label for="password">Password:</label><input id="password" name="password" type="password">
<div class="signinbutton">sign in</div>
</form>
</body>
</html>
`;
}

export function exportToolManifest(build: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<asmv1:assembly xsi:schemaLocation="urn:schemas-microsoft-com:asm.v1 assembly.adaptive.xsd" manifestVersion="1.0" xmlns:asmv1="urn:schemas-microsoft-com:asm.v1" xmlns="urn:schemas-microsoft-com:asm.v2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <assemblyIdentity name="microsoft.exchange.ediscovery.exporttool.application" version="${build}" publicKeyToken="0000000000000000" language="neutral" processorArchitecture="msil" xmlns="urn:schemas-microsoft-com:asm.v1" />
  <description asmv2:publisher="Microsoft Corporation" asmv2:product="Microsoft Exchange eDiscovery Export Tool" xmlns:asmv2="urn:schemas-microsoft-com:asm.v2" />
  <deployment install="false" />
</asmv1:assembly>
`;
}

export const IIS_404 = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">
<html><head><title>404 - File or directory not found.</title></head>
<body><h2>404 - File or directory not found.</h2>
<p>The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.</p></body></html>
`;

export const IIS_START = `<!DOCTYPE html><html><head><title>IIS Windows Server</title></head>
<body><div id="container"><a href="https://go.microsoft.com/fwlink/?linkid=66138"><img src="iisstart.png" alt="IIS"></a></div></body></html>
`;
