// Package webui is the page machinery idpsim's admin console and castsim's
// console share: server-rendered pages under one path prefix, each page
// template parsed with a common layout, form posts guarded by package csrf,
// one-time flash messages carried across the post/redirect/get in a cookie,
// and browser sessions held in memory behind a random cookie id.
//
// A console builds a Site from its embedded templates and static files,
// registers its routes through Site.Router and writes pages with
// Site.Render. What differs between consoles (who is signed in, how a
// sign-in is checked) stays in the console: Config.Page adds it to every
// page.
package webui
