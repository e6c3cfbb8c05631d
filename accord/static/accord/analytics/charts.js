// PNG downloads of the server-drawn SVG charts: drawn onto a canvas in the browser, nothing sent anywhere.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-png-from]");
  if (!button) return;
  const svg = document.getElementById(button.dataset.pngFrom)?.querySelector("svg");
  if (!svg) return;
  const width = svg.viewBox.baseVal.width || svg.clientWidth;
  const height = svg.viewBox.baseVal.height || svg.clientHeight;
  const scale = 2; // sharp on high-density screens and in slides
  const image = new Image();
  const source = new XMLSerializer().serializeToString(svg);
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = width * scale;
    canvas.height = height * scale;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = button.dataset.pngName || "chart.png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    }, "image/png");
  };
  image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(source);
});
