/**
 * @module parsers/iis-config/parse-iis-config
 * What a hunt needs from IIS's applicationHost.config and ASP.NET web.config files: the sites
 * with their applications' physical paths (the web roots where shells get planted) and log
 * folders, and the modules and handlers registered (an attacker-added native module or handler
 * is a known IIS backdoor technique). Paths are returned as written (`%SystemDrive%\inetpub\…`);
 * `expandIisPath` resolves the usual variables.
 */
import { xmlTags, type XmlTag } from './xml-tags.js';

export interface IisVirtualDirectory {
  /** URL path within the application ("/"). */
  path: string;
  physicalPath: string;
}

export interface IisApplication {
  path: string;
  pool: string | null;
  virtualDirectories: IisVirtualDirectory[];
}

export interface IisSite {
  id: string | null;
  name: string;
  /** The site's own log folder, or null when it uses the site defaults. */
  logDirectory: string | null;
  applications: IisApplication[];
  /** Binding information ("*:443:"), protocol first ("https *:443:"). */
  bindings: string[];
}

/** A module or handler registration, with where it sits in the file. */
export interface IisRegistration {
  section: 'globalModules' | 'modules' | 'handlers';
  name: string;
  /** Native image (globalModules), managed type (modules/handlers), or script processor. */
  target: string | null;
  /** Handler URL pattern and verbs (handlers only). */
  path: string | null;
  verb: string | null;
  /** `<location path="…">` the registration is under, or null for the server level. */
  location: string | null;
  line: number;
}

export interface IisConfig {
  sites: IisSite[];
  /** `siteDefaults/logFile/@directory`, or null. */
  defaultLogDirectory: string | null;
  registrations: IisRegistration[];
  /** `<` that could not be read as a tag (damaged or not XML). */
  unreadable: number;
}

/** Parse applicationHost.config or web.config text. Never throws. */
export function parseIisConfig(text: string): IisConfig {
  const { tags, unreadable } = xmlTags(text);
  const out: IisConfig = { sites: [], defaultLogDirectory: null, registrations: [], unreadable };
  const stack: string[] = [];
  const locations: (string | null)[] = [];
  let site: IisSite | null = null;
  let app: IisApplication | null = null;
  for (const tag of tags) {
    const name = tag.name.toLowerCase();
    if (tag.kind === 'close') {
      // Pop to the matching open tag; tolerate unbalanced files.
      const i = stack.lastIndexOf(name);
      if (i >= 0) stack.length = i;
      if (name === 'site') site = null;
      if (name === 'application') app = null;
      if (name === 'location') locations.pop();
      continue;
    }
    const parent = stack[stack.length - 1];
    handle(tag, name, parent, out, { site, app, location: locations[locations.length - 1] ?? null });
    if (name === 'site' && parent === 'sites') site = out.sites[out.sites.length - 1] ?? null;
    if (name === 'application' && site && parent === 'site')
      app = site.applications[site.applications.length - 1] ?? null;
    if (tag.kind === 'open') {
      stack.push(name);
      if (name === 'location') locations.push(tag.attrs.get('path') ?? '');
    } else {
      if (name === 'site') site = null;
      if (name === 'application') app = null;
    }
  }
  return out;
}

interface Context {
  site: IisSite | null;
  app: IisApplication | null;
  location: string | null;
}

function handle(tag: XmlTag, name: string, parent: string | undefined, out: IisConfig, ctx: Context): void {
  const a = (k: string): string | null => tag.attrs.get(k) ?? null;
  if (name === 'site' && parent === 'sites') {
    out.sites.push({
      id: a('id'),
      name: a('name') ?? '',
      logDirectory: null,
      applications: [],
      bindings: [],
    });
  } else if (name === 'application' && parent === 'site' && ctx.site) {
    ctx.site.applications.push({
      path: a('path') ?? '/',
      pool: a('applicationPool'),
      virtualDirectories: [],
    });
  } else if (name === 'virtualdirectory' && parent === 'application' && ctx.app) {
    ctx.app.virtualDirectories.push({ path: a('path') ?? '/', physicalPath: a('physicalPath') ?? '' });
  } else if (name === 'logfile' && parent === 'site' && ctx.site) {
    ctx.site.logDirectory = a('directory');
  } else if (name === 'logfile' && parent === 'sitedefaults') {
    out.defaultLogDirectory = a('directory');
  } else if (name === 'binding' && parent === 'bindings' && ctx.site) {
    ctx.site.bindings.push(`${a('protocol') ?? ''} ${a('bindingInformation') ?? ''}`.trim());
  } else if (
    name === 'add' &&
    (parent === 'globalmodules' || parent === 'modules' || parent === 'handlers')
  ) {
    const section = parent === 'globalmodules' ? 'globalModules' : parent;
    out.registrations.push({
      section,
      name: a('name') ?? '',
      target: a('image') ?? a('type') ?? a('scriptProcessor') ?? a('modules'),
      path: section === 'handlers' ? a('path') : null,
      verb: section === 'handlers' ? a('verb') : null,
      location: ctx.location,
      line: tag.line,
    });
  }
}

/**
 * Expand the variables IIS paths use: `%SystemDrive%` (the drive), `%windir%`/`%SystemRoot%`,
 * `%ProgramFiles%`; `%ExchangeInstallDir%` when given. Unknown variables stay as written.
 */
export function expandIisPath(
  path: string,
  vars: { drive?: string; exchangeInstallDir?: string } = {},
): string {
  const drive = (vars.drive ?? 'C').replace(/:$/, '') + ':';
  const table: Record<string, string> = {
    systemdrive: drive,
    windir: `${drive}\\Windows`,
    systemroot: `${drive}\\Windows`,
    programfiles: `${drive}\\Program Files`,
    ...(vars.exchangeInstallDir ? { exchangeinstalldir: vars.exchangeInstallDir.replace(/\\$/, '') } : {}),
  };
  return path.replace(/%([A-Za-z]+)%/g, (m, v: string) => table[v.toLowerCase()] ?? m);
}
