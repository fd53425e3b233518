// The no-JS tracker's public surface.
export {
  clickLinkTag,
  clickRedirectUrl,
  DEFAULT_MAX_URL_BYTES,
  pageViewPixelUrl,
  PIXEL_TRACKER_VERSION,
  PixelTooLargeError,
  pixelImgTag,
  structEventPixelUrl,
  type EventCommon,
  type PageViewPixel,
  type PixelOptions,
  type StructuredEventPixel,
} from './pixel.ts';
