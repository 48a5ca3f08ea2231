// Our own HTML5 base layout for a project that has none: every part the html5-base area checks, with blocks
// for pages to fill, and the language from Django's active translation.
import { CHARSET_META, CONTENT_BLOCK, HTML5_DOCTYPE, scriptElement, stylesheetLink, titleElement, VIEWPORT_META } from './html5Edits';

export const SITE_STYLESHEET = 'css/site.css';
export const SITE_SCRIPT = 'js/site.js';

export function baseLayoutSkeleton(title: string): string {
  return [
    HTML5_DOCTYPE,
    '{% load static i18n %}{% get_current_language as LANGUAGE_CODE %}',
    '<html lang="{{ LANGUAGE_CODE }}">',
    '<head>',
    `  ${CHARSET_META}`,
    `  ${VIEWPORT_META}`,
    `  ${titleElement(title)}`,
    `  ${stylesheetLink(SITE_STYLESHEET)}`,
    '  {% block extra_head %}{% endblock %}',
    '</head>',
    '<body>',
    `  ${CONTENT_BLOCK}`,
    `  ${scriptElement(SITE_SCRIPT)}`,
    '  {% block extra_js %}{% endblock %}',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export const SITE_STYLESHEET_CONTENT = '/* Site-wide styles, linked from the base template. */\n';
export const SITE_SCRIPT_CONTENT = '// Site-wide scripts, loaded by the base template.\n';
