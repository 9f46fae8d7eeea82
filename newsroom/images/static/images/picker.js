'use strict';
// The image picker: Django's Select2 again, drawing each image of the library with its thumbnail,
// credit, licence and uses. Every text goes in by textContent: nothing from the data is read as HTML.
{
    const $ = django.jQuery;

    function element(tag, className, text) {
        const node = document.createElement(tag);
        node.className = className;
        if (text) {
            node.textContent = text;
        }
        return node;
    }

    function thumbnail(url, className) {
        const image = element('img', className);
        image.alt = '';
        image.loading = 'lazy';
        image.src = url;
        return image;
    }

    function result(data) {
        if (data.loading || !data.id) {
            return data.text;
        }
        const row = element('span', 'image-picker-result');
        if (data.thumbnail) {
            row.append(thumbnail(data.thumbnail, 'image-picker-result__thumbnail'));
        } else {
            row.append(element('span', 'image-picker-result__thumbnail image-picker-result__thumbnail--none'));
        }
        const texts = element('span', 'image-picker-result__texts');
        texts.append(element('span', 'image-picker-result__caption', data.text));
        const facts = [data.credit, data.licence, data.uses_label].filter(Boolean).join(' · ');
        if (facts) {
            texts.append(element('span', 'image-picker-result__facts', facts));
        }
        if (data.is_shown === false) {
            row.classList.add('image-picker-result--ended');
        }
        row.append(texts);
        return row;
    }

    function selection(data) {
        if (!data.id) {
            return data.text;
        }
        const chosen = element('span', 'image-picker-selection');
        // A result of the search carries its thumbnail; the image the page came with, on its option.
        const url = data.thumbnail || (data.element && data.element.dataset.thumbnail);
        if (url) {
            chosen.append(thumbnail(url, 'image-picker-selection__thumbnail'));
        }
        chosen.append(element('span', 'image-picker-selection__caption', data.text));
        return chosen;
    }

    // The panel under the field follows the choice: what the search said of the image chosen in
    // the page, or only its name for one added through the "+" popup.
    function showChosen(select) {
        const panel = select.parentElement.querySelector(`.image-picker-chosen[data-for="${select.id}"]`);
        if (!panel) {
            return;
        }
        const data = $(select).select2('data')[0] || {};
        if (!select.value) {
            panel.hidden = true;
            return;
        }
        if (String(panel.dataset.shown) === select.value) {
            return;
        }
        panel.dataset.shown = select.value;
        const fill = (name, text) => {
            const node = panel.querySelector(`.image-picker-chosen__${name}`);
            node.textContent = text || '';
            node.hidden = !text;
        };
        fill('caption', data.text);
        fill('credit', data.credit);
        fill('licence', data.licence);
        fill('uses', data.uses_label);
        const image = panel.querySelector('.image-picker-chosen__thumbnail');
        image.hidden = !data.thumbnail;
        if (data.thumbnail) {
            image.src = data.thumbnail;
        } else {
            image.removeAttribute('src');
        }
        panel.querySelector('.image-picker-chosen__change').href = panel.dataset.changeUrl.replace(
            '__fk__', encodeURIComponent(select.value)
        );
        panel.hidden = false;
    }

    function pick(select) {
        if ($(select).data('select2')) {
            $(select).select2('destroy');
        }
        $(select).select2({
            ajax: {
                data: (params) => ({
                    term: params.term,
                    page: params.page,
                    app_label: select.dataset.appLabel,
                    model_name: select.dataset.modelName,
                    field_name: select.dataset.fieldName
                })
            },
            templateResult: result,
            templateSelection: selection
        });
        const panel = select.parentElement.querySelector(`.image-picker-chosen[data-for="${select.id}"]`);
        if (panel && select.value) {
            panel.dataset.shown = select.value;
        }
        $(select).on('change', () => showChosen(select));
    }

    // After Django's autocomplete.js, which ran its own Select2 on the field first.
    $(function() {
        $('select.image-picker').not('[name*=__prefix__]').each((i, select) => pick(select));
    });

    document.addEventListener('formset:added', (event) => {
        $(event.target).find('select.image-picker').each((i, select) => pick(select));
    });
}
