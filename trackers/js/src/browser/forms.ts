// Form submissions (submit_form), tracked by one delegated submit listener on the document. Password fields
// are never sent.
import type { FormElement, SubmitFormEvent } from '../core/events.ts';
import { listenOnDocument } from './document-listener.ts';
import { passesFilter, type ElementFilter } from './filters.ts';

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface FormTrackingOptions {
  options?: {
    forms?: ElementFilter<HTMLFormElement>;
    /** Which fields are sent: lists of field names, or a function of the field. */
    fields?: ElementFilter<Field>;
  } | null;
}

const FIELD_NODES = ['INPUT', 'SELECT', 'TEXTAREA'];

export function submitFormOf(form: HTMLFormElement, fields?: ElementFilter<Field>): SubmitFormEvent {
  const elements: FormElement[] = [];
  for (const element of [...form.elements] as Field[]) {
    if (!FIELD_NODES.includes(element.nodeName) || !element.name || element.type == 'password') continue;
    if (!passesFilter(element, fields, true)) continue;
    if ((element.type == 'checkbox' || element.type == 'radio') && !(element as HTMLInputElement).checked) continue;
    const field: FormElement = { name: element.name, value: element.value, nodeName: element.nodeName };
    if (element.nodeName == 'INPUT') field.type = element.type;
    elements.push(field);
  }
  const event: SubmitFormEvent = { formId: form.id || form.getAttribute('name') || '', elements };
  if (form.classList.length) event.formClasses = [...form.classList];
  return event;
}

/** Starts form tracking; returns the function that stops it. */
export function trackFormSubmissions(configuration: FormTrackingOptions, onSubmit: (event: SubmitFormEvent) => void): () => void {
  return listenOnDocument('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && passesFilter(form, configuration.options?.forms)) {
      onSubmit(submitFormOf(form, configuration.options?.fields));
    }
  });
}
