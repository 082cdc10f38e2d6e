// Include this script on a page that embeds Anneal in iframes (the page's "Embed" snippet does):
// every Anneal frame posts its content height ({anneal: 'height', height}) whenever it
// changes, and this sizes that iframe to it, so the widget never scrolls inside its frame.
addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.anneal !== 'height' || !(Number.isFinite(data.height) && data.height > 0)) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(data.height)}px`;
  }
});
