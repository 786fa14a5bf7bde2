/**
 * `@tarojs/components` as plain DOM for render tests: Taro's real H5 components are Stencil web
 * components, which jsdom cannot run. Props Taro-specific to mini-programs are dropped.
 */
import { createElement, forwardRef, type ReactNode } from 'react'

type Props = Record<string, unknown> & { children?: ReactNode; className?: string; onClick?: (e: unknown) => void }

const DROP = new Set(['hoverClass', 'hoverStyle', 'hoverStartTime', 'hoverStayTime', 'catchMove', 'formType', 'openType', 'scrollY', 'scrollX', 'userSelect', 'decode', 'nativeType'])

function make(tag: string) {
  return forwardRef<HTMLElement, Props>(function Fake(props, ref) {
    const clean: Record<string, unknown> = { ref }
    for (const [k, v] of Object.entries(props)) if (!DROP.has(k)) clean[k] = v
    return createElement(tag, clean)
  })
}

export const View = make('div')
export const Text = make('span')
export const Button = make('button')
export const Image = make('img')
export const ScrollView = make('div')
export const Input = make('input')
export const Label = make('label')
export const Form = make('form')
/** Taro's `focus` prop (focus on change) shows as data-focus; `onInput` gets Taro's `{detail: {value}}`. */
export const Textarea = forwardRef<HTMLTextAreaElement, Props>(function FakeTextarea({ focus, maxlength, onInput, ...rest }, ref) {
  const input = onInput as ((e: { detail: { value: string } }) => void) | undefined
  return createElement('textarea', {
    ...rest,
    ref,
    maxLength: maxlength,
    'data-focus': focus ? 'true' : 'false',
    onChange: (e: { target: { value: string } }) => input?.({ detail: { value: e.target.value } }),
  })
})
/** The mini-program camera; H5 pages render a <video> instead, so a placeholder is enough. */
export const Camera = make('div')
