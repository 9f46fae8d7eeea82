'use strict';
// The focal point: a click on the picture sets the two fields (percent across and down), and the
// previews show the crops the renditions will cut around it (renditions.crop_box, here in CSS).
// Typing in the fields moves the point too; without this script, the fields are the editor.
{
    function clamp(value, low, high) {
        return Math.min(Math.max(value, low), high);
    }

    // The object-position that shows in a box of `ratio` what crop_box keeps: the box centred on
    // the point as far as the picture's edges allow, as a share of the room the picture moves in.
    function position(width, height, ratio, x, y) {
        const boxWidth = width / height > ratio ? height * ratio : width;
        const boxHeight = width / height > ratio ? height : width / ratio;
        const share = (point, size, box) => {
            const room = size - box;
            return room > 0.5 ? (100 * clamp(point * size / 100 - box / 2, 0, room)) / room : 50;
        };
        return `${share(x, width, boxWidth)}% ${share(y, height, boxHeight)}%`;
    }

    function editor(root) {
        const across = document.getElementById('id_focal_x');
        const down = document.getElementById('id_focal_y');
        const picture = root.querySelector('.focal-point__picture');
        const image = picture.querySelector('img');
        const marker = root.querySelector('.focal-point__marker');
        const crops = root.querySelectorAll('.focal-crop');

        function show() {
            const x = clamp(Number(across.value) || 0, 0, 100);
            const y = clamp(Number(down.value) || 0, 0, 100);
            marker.style.left = `${x}%`;
            marker.style.top = `${y}%`;
            const width = Number(root.dataset.width) || image.naturalWidth;
            const height = Number(root.dataset.height) || image.naturalHeight;
            if (!width || !height) {
                return;
            }
            crops.forEach((crop) => {
                crop.querySelector('img').style.objectPosition = position(width, height, Number(crop.dataset.ratio), x, y);
            });
        }

        if (!across || !down || across.disabled || down.disabled) {
            return;  // a user who may not change the image reads the point, nothing more
        }
        picture.addEventListener('click', (event) => {
            const box = image.getBoundingClientRect();
            across.value = Math.round(clamp((event.clientX - box.left) / box.width, 0, 1) * 100);
            down.value = Math.round(clamp((event.clientY - box.top) / box.height, 0, 1) * 100);
            across.dispatchEvent(new Event('change', {bubbles: true}));
            down.dispatchEvent(new Event('change', {bubbles: true}));
            show();
        });
        across.addEventListener('input', show);
        down.addEventListener('input', show);
        show();
    }

    document.addEventListener('DOMContentLoaded', () => {
        document.querySelectorAll('.focal-point').forEach(editor);
    });
}
