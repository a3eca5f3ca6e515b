/**
 * @module parsers/iis-config
 * IIS applicationHost.config and ASP.NET web.config: sites, web roots, log folders, modules and
 * handlers, read tolerantly from hostile or damaged files.
 */
export {
  expandIisPath,
  parseIisConfig,
  type IisApplication,
  type IisConfig,
  type IisRegistration,
  type IisSite,
  type IisVirtualDirectory,
} from './parse-iis-config.js';
export { readIisConfig, type IisConfigResult } from './read-iis-config.js';
