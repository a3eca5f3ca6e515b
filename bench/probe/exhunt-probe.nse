-- exhunt benchmark peer: the same read-only GET sequence as `exhunt probe`, written as an nmap
-- NSE script so nmap's scheduler can be compared with exhunt's on the same lab fleet.
-- Requests (all GET, never a payload): OWA login page, a random path (catch-all decoys), the
-- ECP export-tool manifest when X-OWA-Version is absent, the five front-end directories, then
-- the safe checks of rules/probe/safe-checks.json (control request only after an abort, and
-- not again once answered).
-- Written for exhunt by the exhunt authors. Licence: Apache-2.0.

local http = require "http"
local shortport = require "shortport"
local stdnse = require "stdnse"
local string = require "string"
local table = require "table"
local math = require "math"

description = [[
Fingerprints an Exchange front-end and runs exhunt's safe checks (benchmark peer of exhunt probe).
]]
author = "exhunt project"
license = "Apache-2.0"
categories = {"safe", "discovery"}

portrule = shortport.port_or_service({443, 8443}, {"https", "https-alt"})

local function get(host, port, path, cookie)
  local opts = { redirect_ok = false, no_cache = true, bypass_cache = true, header = {} }
  if cookie then opts.header["Cookie"] = cookie end
  return http.get(host, port, path, opts)
end

local function header(r, name)
  if r and r.header then return r.header[name] end
  return nil
end

local function responded(r)
  return r ~= nil and r.status ~= nil
end

-- An abort counts as a mitigation only when the same path without the trigger is answered.
local function abort_verdict(host, port, r, control_path)
  if responded(r) then return "inconclusive" end
  local c = get(host, port, control_path)
  if responded(c) then return "mitigated" end
  return "inconclusive"
end

action = function(host, port)
  local landing = get(host, port, "/owa/auth/logon.aspx")
  if not responded(landing) then return "exchange=false error=1" end
  local body = landing.body or ""
  local random = get(host, port, string.format("/exhunt-%06x%06x.htm", math.random(0, 0xffffff), math.random(0, 0xffffff)))

  local signals, specific = 0, false
  if header(landing, "x-owa-version") then signals = signals + 1; specific = true end
  if header(landing, "x-feserver") then signals = signals + 1; specific = true end
  local path_build = body:match("/owa/auth/(%d+%.%d+%.%d+)[%./]") or body:match("/owa/(%d+%.%d+%.%d+)[%./]")
  if path_build then signals = signals + 1; specific = true end
  if body:lower():find('action="/owa/auth.owa"', 1, true) then signals = signals + 1 end
  if body:find("<title>%s*Outlook") or body:find("<title>%s*Exchange Log In") then signals = signals + 1 end
  local catch_all = responded(random) and random.status >= 200 and random.status < 300
    and #(random.body or "") == #body
  if catch_all or not specific or signals < 2 then return "exchange=false" end

  local build, precision = nil, "unknown"
  local hv = header(landing, "x-owa-version")
  if hv and hv:match("^%s*%d+%.%d+%.%d+%.%d+%s*$") then
    build, precision = hv:match("^%s*(.-)%s*$"), "exact"
  else
    local m = get(host, port, "/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application")
    local v = responded(m) and m.status == 200 and (m.body or ""):match('<assemblyIdentity[^>]-version="(%d+%.%d+%.%d+%.%d+)"')
    if v then build, precision = v, "exact"
    elseif path_build then build, precision = path_build, "cu" end
  end

  for _, p in ipairs({"/ecp/", "/EWS/Exchange.asmx", "/autodiscover/autodiscover.xml", "/mapi/", "/Microsoft-Server-ActiveSync"}) do
    get(host, port, p)
  end

  local out = { "exchange=true", "build=" .. (build or "null"), "precision=" .. precision }

  local pl = get(host, port, "/owa/auth/x.js",
    "X-AnonResource=true; X-AnonResource-Backend=localhost/ecp/default.flt?~3; X-BEResource=localhost/owa/auth/logon.aspx?~3;")
  local plv
  local be = header(pl, "x-calculatedbetarget")
  if be and be:lower():find("localhost", 1, true) then plv = "vulnerable"
  elseif responded(pl) then plv = "patched"
  else plv = abort_verdict(host, port, pl, "/owa/auth/x.js") end
  table.insert(out, "proxylogon-ssrf=" .. plv)

  local ps = get(host, port, "/autodiscover/autodiscover.json?@test.com/owa/?&Email=autodiscover/autodiscover.json%3F@test.com")
  local psv = "inconclusive"
  if responded(ps) and ps.status == 302 then psv = "vulnerable" elseif responded(ps) and ps.status == 400 then psv = "patched" end
  table.insert(out, "proxyshell-ssrf=" .. psv)

  local control = "/autodiscover/autodiscover.json?exhunt-probe=control"
  local v2 = get(host, port, "/autodiscover/autodiscover.json?exhunt-probe=powershell")
  local v2v = abort_verdict(host, port, v2, control)
  table.insert(out, "eomtv2-autodiscover-powershell=" .. v2v)
  if v2v == "mitigated" then
    -- The control was answered for the check above; exhunt does not send the same control twice.
    local enc = get(host, port, "/autodiscover/autodiscover.json?exhunt-probe=%50owershell")
    table.insert(out, "eomtv2-url-encoded-bypass=" .. (responded(enc) and "inconclusive" or "mitigated"))
  end
  return table.concat(out, " ")
end
