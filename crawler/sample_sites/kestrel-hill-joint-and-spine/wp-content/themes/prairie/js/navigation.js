(function(){var n=document.getElementById('site-navigation');if(!n)return;n.classList.add('ready');})();
