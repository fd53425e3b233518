// Form submissions (submit_form), tracked by one delegated submit listener on the document. Password fields
// are never sent.
import type { FormElement, SubmitFormEvent } from '../core/events.ts';
import { listenOnDocument } from './document-listener.ts';
import { classesOf, passesFilter, type ElementFilter } from './filters.ts';

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface FormTrackingOptions {
  options?: {
    forms?: ElementFilter<HTMLFormElement>;
    /** Which fields are sent: lists of field names, or a function of the field. */
    fields?: ElementFilter<Field>;
  } | null;
}

const FIELD_NODES = ['INPUT', 'SELECT', 'TEXTAREA'];

/** The submit_form fields of a form; fields left `undefined` are left out of the JSON. */
export const submitFormOf = (form: HTMLFormElement, fields?: ElementFilter<Field>): SubmitFormEvent => ({
  formId: form.id || form.getAttribute('name') || '',
  formClasses: classesOf(form),
  elements: ([...form.elements] as Field[])
    .filter(
      (element) =>
        FIELD_NODES.includes(element.nodeName) && element.name && element.type != 'password' && passesFilter(element, fields, true) &&
        // Unchecked boxes and radio buttons are not sent.
        ((element.type != 'checkbox' && element.type != 'radio') || (element as HTMLInputElement).checked),
    )
    .map((element): FormElement => ({
      name: element.name,
      value: element.value,
      nodeName: element.nodeName,
      type: element.nodeName == 'INPUT' ? element.type : undefined,
    })),
});

/** Starts form tracking; returns the function that stops it. */
export function trackFormSubmissions(configuration: FormTrackingOptions, onSubmit: (event: SubmitFormEvent) => void): () => void {
  return listenOnDocument('submit', (event) => {
    // Submit events are fired at forms (a page's own submit event at another element fails in the guard).
    const form = event.target as HTMLFormElement;
    if (passesFilter(form, configuration.options?.forms)) {
      onSubmit(submitFormOf(form, configuration.options?.fields));
    }
  });
}
