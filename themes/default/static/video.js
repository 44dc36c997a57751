// Swaps a video's poster for the platform's player when the visitor presses play, so that
// nothing is requested from the platform before. Without this script the poster is a link.
document.addEventListener('click', function (event) {
  var link = event.target.closest ? event.target.closest('a.video-facade[data-embed]') : null;
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  var frame = document.createElement('iframe');
  frame.src = link.getAttribute('data-embed');
  frame.title = link.getAttribute('data-title') || 'Video';
  frame.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
  frame.allowFullscreen = true;
  frame.referrerPolicy = 'strict-origin-when-cross-origin';
  var box = document.createElement('div');
  box.className = 'video-frame';
  box.appendChild(frame);
  link.replaceWith(box);
  frame.focus();
});
